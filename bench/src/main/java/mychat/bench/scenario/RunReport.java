package mychat.bench.scenario;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The outcome of one run: a human summary and the fields of its one JSON line. */
public interface RunReport {

    /** Several lines for people. */
    String summary();

    /**
     * Every figure of the run. Includes {@code "headline"}: the few figures a comparison table shows, by name,
     * larger-is-better or not being implied by the name (rates vs. latencies, CPU, memory).
     */
    Map<String, Object> toJson();

    /** The fields every run's JSON line begins with: which scenario, when, and the run's tags. */
    static Map<String, Object> jsonLine(String scenario, Object tags) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario);
        m.put("time", Instant.now().toString());
        m.put("tags", tags);
        return m;
    }
}
