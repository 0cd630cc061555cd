package mychat.bench.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mychat.bench.report.Json;

/** The outcome of a fanout run: every step, and for a search the highest rate that held and what limited it. */
public final class FanoutReport implements RunReport {
    private final FanoutConfig config;
    private final double setupSeconds;
    private final List<StepResult> steps;
    private final Map<String, Long> errorCodes;
    private final Map<String, Long> closeCodes;

    FanoutReport(FanoutConfig config, double setupSeconds, List<StepResult> steps, Map<String, Long> errorCodes,
                 Map<String, Long> closeCodes) {
        this.config = config;
        this.setupSeconds = setupSeconds;
        this.steps = List.copyOf(steps);
        this.errorCodes = errorCodes;
        this.closeCodes = closeCodes;
    }

    public List<StepResult> steps() {
        return steps;
    }

    /** The step at the highest passing rate (a search), or the only step; null if a search found none. */
    public StepResult best() {
        if (!config.findMax()) {
            return steps.getFirst();
        }
        StepResult best = null;
        for (StepResult s : steps) {
            if (s.passes(config.p99Criterion()) && (best == null || s.targetRate() > best.targetRate())) {
                best = s;
            }
        }
        return best;
    }

    /** What stopped the search: "server", "generator" (it was saturated at the first failing rate) or "max_rate". */
    public String limitedBy() {
        StepResult best = best();
        StepResult firstFailAbove = null;
        for (StepResult s : steps) {
            if (!s.passes(config.p99Criterion()) && (best == null || s.targetRate() > best.targetRate())
                    && (firstFailAbove == null || s.targetRate() < firstFailAbove.targetRate())) {
                firstFailAbove = s;
            }
        }
        if (firstFailAbove == null) {
            return "max_rate";
        }
        return firstFailAbove.generatorSaturated() ? "generator" : "server";
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = RunReport.jsonLine("fanout", config.tags());
        m.put("config", config.toMap());
        m.put("setup_s", Json.round(setupSeconds, 3));
        StepResult best = best();
        Map<String, Object> headline = new LinkedHashMap<>();
        if (config.findMax()) {
            m.put("max_rate", best == null ? 0 : Json.round(best.targetRate(), 1));
            m.put("max_deliveries_per_s", best == null ? 0 : Json.round(best.deliveredPerSecond(), 1));
            m.put("limited_by", limitedBy());
            m.put("at_max", best == null ? null : best.toMap(config.p99Criterion()));
            headline.put("max_rate", m.get("max_rate"));
            headline.put("max_deliveries_per_s", m.get("max_deliveries_per_s"));
            headline.put("p99_ms_at_max", best == null ? -1 : best.latency().p99());
            headline.put("server_cpu_us_per_delivery_at_max", best == null ? -1
                    : Json.round(best.serverMicrosPerDelivery(), 4));
            if (config.serverPids().redis() != null) {
                headline.put("redis_cpu_us_per_message_at_max", best == null ? -1
                        : Json.round(best.redisMicrosPerMessage(), 3));
            }
        } else {
            m.put("result", best.toMap(config.p99Criterion()));
            if (config.closedLoop()) {
                headline.put("window", config.window());
                headline.put("sent_per_s", Json.round(best.achievedRate(), 1));
            }
            headline.put("delivered_per_s", Json.round(best.deliveredPerSecond(), 1));
            headline.put("lost", best.lost());
            headline.put("p50_ms", best.latency().p50());
            headline.put("p99_ms", best.latency().p99());
            headline.put("p999_ms", best.latency().p999());
            headline.put("max_ms", best.latency().max());
            headline.put("server_cpu_pct", Json.round(best.cpu().serverPercent(), 1));
            headline.put("server_cpu_us_per_delivery", Json.round(best.serverMicrosPerDelivery(), 4));
            if (config.serverPids().redis() != null) {
                headline.put("redis_cpu_pct", Json.round(best.cpu().redisPercent(), 1));
                headline.put("redis_cpu_us_per_message", Json.round(best.redisMicrosPerMessage(), 3));
            }
            headline.put("generator_cpu_pct", Json.round(best.cpu().selfPercent(), 1));
            headline.put("other_cpu_pct", Json.round(best.cpu().otherPercent(), 1));
        }
        m.put("steps", steps.stream().map(s -> s.toMap(config.p99Criterion())).toList());
        m.put("error_codes", errorCodes);
        m.put("close_codes", closeCodes);
        m.put("headline", headline);
        return m;
    }

    @Override
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("fanout: %d room(s) x %d members, %d sender(s) per room, %s%n", config.rooms(),
                config.members(), config.senders(), config.urlList()));
        b.append(String.format("  set-up (connect, join, announcements): %.1f s%n", setupSeconds));
        for (StepResult s : steps) {
            b.append("  step ").append(s.step()).append(": ").append(s.describe(config.p99Criterion())).append('\n');
        }
        if (config.closedLoop()) {
            StepResult only = steps.getFirst();
            b.append(String.format("  closed loop, %d in flight per sender: %,.0f deliveries/s sustained (p99 %.2f ms)%n",
                    config.window(), only.deliveredPerSecond(), only.latency().p99()));
        } else if (config.findMax()) {
            StepResult best = best();
            if (best == null) {
                b.append("  no rate held (zero loss and p99 <= ").append(config.p99Criterion()).append(" ms)\n");
            } else {
                b.append(String.format("  highest rate that held: %.0f msg/s = %,.0f deliveries/s (p99 %.2f ms);"
                                + " limited by %s%n", best.targetRate(), best.deliveredPerSecond(),
                        best.latency().p99(), limitedBy()));
            }
        }
        if (!errorCodes.isEmpty() || !closeCodes.isEmpty()) {
            b.append("  errors by code: ").append(errorCodes).append(", server closes by code: ").append(closeCodes)
                    .append('\n');
        }
        return b.toString();
    }
}
