package mychat.bench.scenario;

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
}
