package mychat.bench.soak;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mychat.bench.report.CpuSample.CpuUse;
import mychat.bench.report.Json;
import mychat.bench.report.Plateau;
import mychat.bench.scenario.RunReport;
import mychat.bench.soak.SoakCounts.Count;

/**
 * The outcome of a soak: what the clients counted, whether every check held, and the server's memory over the run
 * with its plateau verdict.
 *
 * @param counts     the clients' counters at the end (after the drain)
 * @param lines      what became of the lines sent
 * @param settled    every client saw back every line it sent within the drain timeout
 * @param cpu        CPU over the churning part of the run (not the drain)
 * @param notes      readings that failed along the way
 */
public record SoakReport(SoakConfig config, String run, double runSeconds, double drainSeconds, boolean settled,
                         Map<String, Long> counts, Map<String, Long> errorCodes, Map<String, Long> closeCodes,
                         SentLines lines, MemorySeries memory, CpuUse cpu, List<String> notes)
        implements RunReport {

    /** The checks, by JSON name: each must be zero for a run to pass. */
    public Map<String, Long> failures() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Count c : List.of(Count.GAPS, Count.DUPLICATES, Count.REORDERS, Count.CID_DOUBLED, Count.CORRUPTED,
                Count.LAGGED_ANOMALIES, Count.FOREIGN, Count.MALFORMED, Count.UNEXPECTED)) {
            m.put(c.jsonName(), count(c));
        }
        m.put("never_delivered", lines.neverDelivered());
        m.put("unconfirmed_by_sender", lines.unconfirmedBySender());
        return m;
    }

    public boolean passes() {
        return failures().values().stream().allMatch(v -> v == 0);
    }

    long count(Count c) {
        return counts.getOrDefault(c.jsonName(), 0L);
    }

    public Plateau rssPlateau() {
        return memory.plateau(MemorySample::rss);
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = RunReport.jsonLine("soak", config.tags());
        m.put("config", config.toMap());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("run_id", run);
        r.put("run_s", Json.round(runSeconds, 1));
        r.put("drain_s", Json.round(drainSeconds, 1));
        r.put("settled", settled);
        r.put("pass", passes());
        r.put("failures", failures());
        r.put("counts", counts);
        r.put("errors_by_code", errorCodes);
        r.put("server_close_codes", closeCodes);
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("sent", lines.sent());
        l.put("unconfirmed_by_sender", lines.unconfirmedBySender());
        l.put("never_delivered", lines.neverDelivered());
        l.put("too_old_to_tell", lines.tooOldToTell());
        r.put("lines", l);
        r.put("sent_per_s", Json.round(count(Count.SENT) / runSeconds, 1));
        r.put("deliveries_per_s", Json.round(count(Count.DELIVERED) / runSeconds, 1));
        MemorySample end = memory.samples().getLast();
        if (end.serverDropped() >= 0) {
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("messages_dropped", end.serverDropped());
            server.put("slow_consumer_disconnects", end.serverSlowCloses());
            server.put("sessions_at_end_of_run", end.serverSessions());
            r.put("server_reported", server);
        }
        r.put("server_cpu_pct", Json.round(cpu.serverPercent(), 1));
        r.put("generator_cpu_pct", Json.round(cpu.selfPercent(), 1));
        Map<String, Object> mem = new LinkedHashMap<>();
        mem.put("rss_plateau", rssPlateau().toMap());
        if (memory.has(MemorySample::heapUsed)) {
            mem.put("heap_used_plateau", memory.plateau(MemorySample::heapUsed).toMap());
        }
        if (memory.has(MemorySample::heapAfterGc)) {
            mem.put("heap_after_gc_plateau", memory.plateau(MemorySample::heapAfterGc).toMap());
        }
        mem.put("per_minute", memory.minutesJson());
        mem.put("samples", memory.columns());
        r.put("memory", mem);
        r.put("notes", notes);
        m.put("result", r);
        Map<String, Object> headline = new LinkedHashMap<>();
        Plateau rss = rssPlateau();
        headline.put("rss_last_third_mib", Json.round(rss.lastMeanMib(), 1));
        headline.put("rss_growth_pct", Json.round(rss.growthPct(), 2));
        headline.put("rss_slope_mib_per_min", Json.round(rss.lastSlopeMibPerMin(), 3));
        headline.put("deliveries_per_s", r.get("deliveries_per_s"));
        headline.put("failures", failures().values().stream().mapToLong(Long::longValue).sum());
        m.put("headline", headline);
        return m;
    }

    @Override
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("soak: %,d clients (about %,d online) in %d rooms, %s, %.0f s of churn + %.1f s drain%n",
                config.clients(), config.connected(), config.rooms(), config.url(), runSeconds, drainSeconds));
        b.append(String.format("  lines: %,d sent (%,.1f/s), %,d resent, %,d rate_limited; deliveries %,d (%,.0f/s), "
                        + "replayed %,d, echoes %,d%n", count(Count.SENT), count(Count.SENT) / runSeconds,
                count(Count.RESENDS), count(Count.RATE_LIMITED), count(Count.DELIVERED),
                count(Count.DELIVERED) / runSeconds, count(Count.REPLAYED), count(Count.ECHOES)));
        b.append(String.format("  churn: %,d sessions (%,d reconnects; resumes %,d recovered, %,d not), client closes "
                        + "%,d graceful / %,d FIN / %,d RST, %,d pauses (%.0f s not reading), %,d connect failures%n",
                count(Count.SESSIONS), count(Count.RECONNECTS), count(Count.RESUMES_RECOVERED),
                count(Count.RESUMES_NOT_RECOVERED), count(Count.CLIENT_CLOSES_GRACEFUL),
                count(Count.CLIENT_CLOSES_ABRUPT_FIN), count(Count.CLIENT_CLOSES_ABRUPT_RST), count(Count.PAUSES),
                count(Count.PAUSED_MS) / 1e3, count(Count.CONNECT_FAILURES)));
        b.append(String.format("  slow readers: %,d lagged notices (%,d messages dropped), server closes %s, %,d lost "
                        + "without a Close (%,d of them after a pause)%n", count(Count.LAGGED_NOTICES),
                count(Count.LAGGED_DROPPED), closeCodes, count(Count.LOST_WITHOUT_CLOSE),
                count(Count.LOST_WITHOUT_CLOSE_AFTER_PAUSE)));
        MemorySample end = memory.samples().getLast();
        if (end.serverDropped() >= 0) {
            b.append(String.format("  the server's metrics: %,d messages dropped, %,d slow-consumer closes%n",
                    end.serverDropped(), end.serverSlowCloses()));
        }
        b.append("  errors by code: ").append(errorCodes).append('\n');
        b.append("  checks: ").append(passes() ? "PASS " : "FAIL ").append(failures()).append(settled ? ""
                : " (not every client saw back all its lines within the drain timeout)").append('\n');
        b.append("  CPU: server ").append(percent(cpu.serverPercent())).append(", generator ")
                .append(percent(cpu.selfPercent())).append(" of a core\n");
        b.append("  server RSS ").append(memory.has(MemorySample::rss) ? rssPlateau().describe()
                : "not read (give --server-pid)").append('\n');
        if (memory.has(MemorySample::heapAfterGc)) {
            b.append("  heap after GC ").append(memory.plateau(MemorySample::heapAfterGc).describe()).append('\n');
        }
        b.append(memory.table());
        for (String note : notes) {
            b.append("  note: ").append(note).append('\n');
        }
        return b.toString();
    }

    private static String percent(double p) {
        return p < 0 ? "n/a" : String.format("%.0f%%", p);
    }
}
