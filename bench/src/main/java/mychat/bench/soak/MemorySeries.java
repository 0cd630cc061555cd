package mychat.bench.soak;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import mychat.bench.report.Json;
import mychat.bench.report.Plateau;

/**
 * The memory readings of a run and what they say: the series as columns for the JSON line, one row per minute for
 * people, and whether each figure levelled off ({@link Plateau}). Built once the run is over.
 */
public final class MemorySeries {
    /** A column: its JSON name and how to read it from a sample. */
    private record Column(String name, ToLongFunction<MemorySample> bytes) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("rss_mib", MemorySample::rss),
            new Column("peak_rss_mib", MemorySample::peakRss),
            new Column("heap_used_mib", MemorySample::heapUsed),
            new Column("nonheap_used_mib", MemorySample::nonHeapUsed),
            new Column("netty_direct_mib", MemorySample::nettyDirect),
            new Column("direct_buffers_mib", MemorySample::directBuffers),
            new Column("heap_after_gc_mib", MemorySample::heapAfterGc),
            new Column("generator_rss_mib", MemorySample::generatorRss),
            new Column("generator_heap_used_mib", MemorySample::generatorHeapUsed));

    /** One minute's row: the means of the samples taken in it (minute 0: the reading before any client). */
    record Minute(int minute, int samples, double rssMib, double rssMaxMib, double heapMib, double heapAfterGcMib,
                  double online) {}

    private static final double LATE_SECONDS = 1;

    private final List<MemorySample> samples;
    private final double runSeconds;

    /** @param runSeconds the run's intended length, which the plateau's thirds divide */
    MemorySeries(List<MemorySample> samples, double runSeconds) {
        this.samples = List.copyOf(samples);
        this.runSeconds = runSeconds;
    }

    List<MemorySample> samples() {
        return samples;
    }

    Plateau plateau(ToLongFunction<MemorySample> figure) {
        double[] t = new double[samples.size()];
        double[] mib = new double[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            t[i] = samples.get(i).seconds();
            mib[i] = MemorySample.toMib(figure.applyAsLong(samples.get(i)));
        }
        return Plateau.of(t, mib, runSeconds);
    }

    boolean has(ToLongFunction<MemorySample> figure) {
        return samples.stream().anyMatch(s -> figure.applyAsLong(s) >= 0);
    }

    /**
     * Minute 0 is the first reading; minute M averages the readings after M-1 and up to M minutes. A reading is due
     * on the interval's tick and made a moment later, so one up to {@link #LATE_SECONDS} after a minute's end still
     * belongs to that minute.
     */
    List<Minute> minutes() {
        List<Minute> rows = new ArrayList<>();
        if (samples.isEmpty()) {
            return rows;
        }
        rows.add(minute(0, List.of(samples.getFirst())));
        int lastMinute = minuteOf(samples.getLast());
        for (int m = 1; m <= lastMinute; m++) {
            int minute = m;
            List<MemorySample> in = samples.stream().skip(1).filter(s -> minuteOf(s) == minute).toList();
            if (!in.isEmpty()) {
                rows.add(minute(m, in));
            }
        }
        return rows;
    }

    private static int minuteOf(MemorySample s) {
        return Math.max(1, (int) Math.ceil((s.seconds() - LATE_SECONDS) / 60));
    }

    private static Minute minute(int m, List<MemorySample> in) {
        return new Minute(m, in.size(), mean(in, MemorySample::rss),
                in.stream().mapToDouble(s -> MemorySample.toMib(s.rss())).max().orElse(-1),
                mean(in, MemorySample::heapUsed), mean(in, MemorySample::heapAfterGc),
                in.stream().mapToInt(MemorySample::online).average().orElse(0));
    }

    /** The mean in MiB of the readings that were made; -1 when none was. */
    private static double mean(List<MemorySample> in, ToLongFunction<MemorySample> figure) {
        return in.stream().mapToLong(figure).filter(b -> b >= 0).mapToDouble(MemorySample::toMib).average()
                .orElse(-1);
    }

    /** The series as columns ({@code t_s}, {@code online}, then each figure that was read at least once). */
    Map<String, Object> columns() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t_s", samples.stream().map(s -> Json.round(s.seconds(), 1)).toList());
        m.put("online", samples.stream().map(MemorySample::online).toList());
        for (Column c : COLUMNS) {
            if (has(c.bytes)) {
                m.put(c.name, samples.stream().map(s -> Json.round(MemorySample.toMib(c.bytes.applyAsLong(s)), 1))
                        .toList());
            }
        }
        if (has(MemorySample::serverSessions)) {
            m.put("server_sessions", samples.stream().map(MemorySample::serverSessions).toList());
        }
        return m;
    }

    List<Map<String, Object>> minutesJson() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Minute row : minutes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("minute", row.minute());
            m.put("samples", row.samples());
            m.put("rss_mib", Json.round(row.rssMib(), 1));
            m.put("rss_max_mib", Json.round(row.rssMaxMib(), 1));
            m.put("heap_used_mib", Json.round(row.heapMib(), 1));
            m.put("heap_after_gc_mib", Json.round(row.heapAfterGcMib(), 1));
            m.put("online", Json.round(row.online(), 0));
            out.add(m);
        }
        return out;
    }

    /** The minute table for the summary. */
    String table() {
        StringBuilder b = new StringBuilder("  minute   RSS MiB (max)      heap MiB   heap after GC   online\n");
        for (Minute row : minutes()) {
            b.append(String.format("  %6d   %7s (%7s)   %8s   %13s   %6.0f%n", row.minute(), mib(row.rssMib()),
                    mib(row.rssMaxMib()), mib(row.heapMib()), mib(row.heapAfterGcMib()), row.online()));
        }
        return b.toString();
    }

    private static String mib(double v) {
        return v < 0 ? "n/a" : String.format("%.1f", v);
    }
}
