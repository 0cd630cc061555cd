package mychat.bench.scenario;

import java.util.LinkedHashMap;
import java.util.Map;
import mychat.bench.report.CpuSample.CpuUse;
import mychat.bench.report.Json;
import mychat.bench.report.LatencySummary;

/**
 * The outcome of a storm run (or of seeding alone, when {@code storm} is null).
 *
 * @param storm        CPU and wall time from the first connection attempt to the last {@code Joined}
 * @param latency      per client: from starting its TCP connect to receiving its {@code Joined}
 * @param notRecovered resuming clients whose {@code Joined} did not say {@code "recovered":true}
 * @param replayed     replayed messages received (counted until they all came or a timeout passed)
 * @param errors       {@code Error} events, close frames and disconnects during the storm
 */
public record StormReport(StormConfig config, long seeded, CpuUse storm, LatencySummary latency, int notRecovered,
                          long replayed, long errors) implements RunReport {

    public double joinsPerSecond() {
        return storm == null ? 0 : config.clients() / storm.wallSeconds();
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = RunReport.jsonLine("storm", config.tags());
        m.put("config", config.toMap());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("seeded_messages", seeded);
        if (storm != null) {
            r.put("clients", config.clients());
            r.put("storm_s", Json.round(storm.wallSeconds(), 3));
            r.put("joins_per_s", Json.round(joinsPerSecond(), 1));
            r.put("connect_join_latency_ms", latency.toMap());
            r.put("not_recovered", notRecovered);
            r.put("replayed_messages", replayed);
            r.put("expected_replayed_messages", config.expectedReplay());
            r.put("errors", errors);
            r.put("server_cpu_pct", Json.round(storm.serverPercent(), 1));
            r.put("generator_cpu_pct", Json.round(storm.selfPercent(), 1));
            r.put("other_cpu_pct", Json.round(storm.otherPercent(), 1));
            r.put("core_busy_pct", storm.corePercentRounded());
        }
        m.put("result", r);
        if (storm != null) {
            Map<String, Object> headline = new LinkedHashMap<>();
            headline.put("joins_per_s", r.get("joins_per_s"));
            headline.put("p50_connect_join_ms", latency.p50());
            headline.put("p99_connect_join_ms", latency.p99());
            m.put("headline", headline);
        }
        return m;
    }

    @Override
    public String summary() {
        if (storm == null) {
            return String.format("storm: seeded %,d messages into %d rooms of %s%n", seeded, config.rooms(),
                    config.url());
        }
        return String.format("""
                storm: %,d clients into %d rooms of %s, resuming up to %d messages back from id %d
                  connect + join: %.2f s = %,.0f joins/s; per client %s
                  replayed %,d of %,d messages; %d joins not recovered; %d errors/closes
                  server CPU %.0f%%, generator CPU %.0f%%, other %.0f%%
                """, config.clients(), config.rooms(), config.url(), config.maxMissed(), config.history(),
                storm.wallSeconds(), joinsPerSecond(), latency.describe(), replayed, config.expectedReplay(),
                notRecovered, errors, storm.serverPercent(), storm.selfPercent(), storm.otherPercent());
    }
}
