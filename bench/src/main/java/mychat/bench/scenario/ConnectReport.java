package mychat.bench.scenario;

import java.util.LinkedHashMap;
import java.util.Map;
import mychat.bench.report.CpuSample.CpuUse;
import mychat.bench.report.Json;
import mychat.bench.report.LatencySummary;

/**
 * The outcome of a connect run.
 *
 * @param setup       CPU and wall time from the first connection attempt to the last {@code Joined}
 * @param idle        CPU while holding the connections idle
 * @param latency     per connection: TCP connect, WebSocket handshake, {@code Join}, {@code Joined}
 * @param rss         the server's resident memory along the run
 * @param disconnects connections lost while held
 */
public record ConnectReport(ConnectConfig config, CpuUse setup, CpuUse idle, LatencySummary latency, Rss rss,
                            long generatorRss, int disconnects)
        implements RunReport {

    /**
     * The server's resident memory in bytes (-1 when no server pid was given): before the first connection, after
     * the first {@code firstHalf} connections joined, after all joined, and after holding them idle.
     */
    public record Rss(long before, long middle, int firstHalf, long joined, long after) {}

    public double connectsPerSecond() {
        return config.connections() / setup.wallSeconds();
    }

    /** Growth of the server's resident memory, from start to the end of the idle hold, per connection; -1 if unknown. */
    public double rssBytesPerConnection() {
        return rss.before < 0 ? -1 : (double) (rss.after - rss.before) / config.connections();
    }

    /** What one more connection costs: growth while the second half joined, per connection; -1 if unknown. */
    public double marginalRssBytesPerConnection() {
        int secondHalf = config.connections() - rss.firstHalf;
        return rss.before < 0 || secondHalf == 0 ? -1 : (double) (rss.joined - rss.middle) / secondHalf;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = RunReport.jsonLine("connect", config.tags());
        m.put("config", config.toMap());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("connections", config.connections());
        r.put("setup_s", Json.round(setup.wallSeconds(), 3));
        r.put("connects_per_s", Json.round(connectsPerSecond(), 1));
        r.put("connect_join_latency_ms", latency.toMap());
        r.put("server_cpu_pct_during_setup", Json.round(setup.serverPercent(), 1));
        r.put("server_cpu_pct_idle", Json.round(idle.serverPercent(), 2));
        r.put("generator_cpu_pct_during_setup", Json.round(setup.selfPercent(), 1));
        r.put("other_cpu_pct_during_setup", Json.round(setup.otherPercent(), 1));
        r.put("core_busy_pct_during_setup", setup.corePercentRounded());
        r.put("server_rss_before_bytes", rss.before);
        r.put("server_rss_after_first_half_bytes", rss.middle);
        r.put("first_half_connections", rss.firstHalf);
        r.put("server_rss_all_joined_bytes", rss.joined);
        r.put("server_rss_after_bytes", rss.after);
        r.put("server_rss_bytes_per_connection", Json.round(rssBytesPerConnection(), 0));
        r.put("server_rss_marginal_bytes_per_connection", Json.round(marginalRssBytesPerConnection(), 0));
        r.put("generator_rss_bytes", generatorRss);
        r.put("disconnects_while_held", disconnects);
        m.put("result", r);
        Map<String, Object> headline = new LinkedHashMap<>();
        headline.put("connects_per_s", r.get("connects_per_s"));
        headline.put("p99_connect_join_ms", latency.p99());
        headline.put("server_rss_bytes_per_connection", r.get("server_rss_bytes_per_connection"));
        headline.put("server_rss_marginal_bytes_per_connection", r.get("server_rss_marginal_bytes_per_connection"));
        headline.put("server_rss_after_mib", Json.round(rss.after / 1048576.0, 1));
        m.put("headline", headline);
        return m;
    }

    @Override
    public String summary() {
        return String.format("""
                connect: %,d connections in rooms of %d, %s
                  connect + join: %.2f s = %,.0f connections/s; per connection %s
                  server CPU %.0f%% while connecting, %.2f%% while %,d idle connections were held %.0f s
                  server RSS %s -> %s = %s per connection, of which %s per connection for the second %,d
                  (what one more connection costs; the rest is paid once); generator RSS %d MiB; lost while held: %d
                """, config.connections(), config.roomSize(), config.url(), setup.wallSeconds(), connectsPerSecond(),
                latency.describe(), setup.serverPercent(), idle.serverPercent(), config.connections(),
                idle.wallSeconds(), mib(rss.before), mib(rss.after), bytes(rssBytesPerConnection()),
                bytes(marginalRssBytesPerConnection()), config.connections() - rss.firstHalf,
                generatorRss >> 20, disconnects);
    }

    private static String bytes(double perConnection) {
        return perConnection < 0 ? "n/a" : String.format("%,.0f bytes", perConnection);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%.1f MiB", bytes / 1048576.0);
    }
}
