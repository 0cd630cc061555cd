package mychat.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Percentiles of a latency histogram recorded in microseconds, reported in milliseconds. */
public record LatencySummary(long count, double p50, double p90, double p99, double p999, double max, double mean) {

    public static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(micros.getTotalCount(),
                ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)),
                ms(micros.getMaxValue()), Json.round(micros.getMean() / 1000.0, 3));
    }

    private static double ms(long micros) {
        return Json.round(micros / 1000.0, 3);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("p50", p50);
        m.put("p90", p90);
        m.put("p99", p99);
        m.put("p999", p999);
        m.put("max", max);
        m.put("mean", mean);
        return m;
    }

    /** "p50 0.41 / p90 0.80 / p99 1.90 / p99.9 3.10 / max 7.20 ms" */
    public String describe() {
        return String.format("p50 %.2f / p90 %.2f / p99 %.2f / p99.9 %.2f / max %.2f ms", p50, p90, p99, p999, max);
    }
}
