package mychat.bench.scenario;

import java.util.LinkedHashMap;
import java.util.Map;
import mychat.bench.report.Json;

/**
 * The outcome of a start-up run.
 *
 * @param upNanos   launch to first accepted TCP connection; -1 if it never accepted one
 * @param stopNanos SIGTERM to exit; -1 if it had to be killed
 * @param exitCode  null if it had to be killed
 */
public record StartupReport(StartupConfig config, long pid, long upNanos, int probes, long stopNanos,
                            Integer exitCode) implements RunReport {

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = RunReport.jsonLine("startup", config.tags());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("command", config.command());
        c.put("address", config.host() + ":" + config.port());
        m.put("config", c);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("startup_ms", upNanos < 0 ? -1 : Json.round(upNanos / 1e6, 2));
        r.put("probes", probes);
        r.put("stop_ms", stopNanos < 0 ? -1 : Json.round(stopNanos / 1e6, 1));
        r.put("exit_code", exitCode);
        m.put("result", r);
        m.put("headline", Map.of("startup_ms", r.get("startup_ms")));
        return m;
    }

    @Override
    public String summary() {
        return String.format("startup: %s%n  first TCP connection accepted after %s; stopped (SIGTERM) in %s,"
                        + " exit code %s%n", String.join(" ", config.command()),
                upNanos < 0 ? "never" : String.format("%.1f ms", upNanos / 1e6),
                stopNanos < 0 ? "n/a (killed)" : String.format("%.0f ms", stopNanos / 1e6), exitCode);
    }
}
