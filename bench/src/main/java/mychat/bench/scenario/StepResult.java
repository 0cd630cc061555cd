package mychat.bench.scenario;

import java.util.LinkedHashMap;
import java.util.Map;
import mychat.bench.net.Counts;
import mychat.bench.report.CpuSample.CpuUse;
import mychat.bench.report.Json;
import mychat.bench.report.LatencySummary;

/**
 * One measured period of fanout at one target rate ({@code targetRate} 0: closed loop, no target).
 *
 * @param expected deliveries that should have arrived: each message sent reaches every member of its room,
 *                 including its sender
 * @param counts   what arrived (only {@code measured} are this step's messages), counted until every expected
 *                 delivery arrived or the drain timeout passed
 * @param cpu      CPU of server (all its processes, Redis included) and generator over the sending window
 */
public record StepResult(int step, double targetRate, long sent, long skipped, int roomSize, long expected,
                         Counts counts, LatencySummary latency, CpuUse cpu, double sendLagMaxMs) {

    /** The generator counts as saturated above this share of its core: its own delays then show as latency. */
    static final double SATURATED_PERCENT = 90;

    public long lost() {
        return Math.max(0, expected - counts.measured());
    }

    public double achievedRate() {
        return sent / cpu.wallSeconds();
    }

    public double deliveredPerSecond() {
        return counts.measured() / cpu.wallSeconds();
    }

    /** Server CPU per delivered message in microseconds, or -1 when unknown. */
    public double serverMicrosPerDelivery() {
        return cpu.serverCpuNanos() < 0 || counts.measured() == 0 ? -1
                : cpu.serverCpuNanos() / 1000.0 / counts.measured();
    }

    /** Redis CPU per message sent in microseconds (every message goes through it once), or -1 when unknown. */
    public double redisMicrosPerMessage() {
        return cpu.redisCpuNanos() < 0 || sent == 0 ? -1 : cpu.redisCpuNanos() / 1000.0 / sent;
    }

    public boolean generatorSaturated() {
        return cpu.selfPercent() >= SATURATED_PERCENT;
    }

    /** Every message arrived everywhere, nothing went wrong, the rate was met and p99 is within the limit. */
    public boolean passes(double p99LimitMs) {
        return whyNot(p99LimitMs) == null;
    }

    /** Why this step does not pass, or null. */
    public String whyNot(double p99LimitMs) {
        if (lost() > 0) {
            return lost() + " deliveries lost";
        }
        if (counts.laggedNotices() > 0) {
            return counts.laggedNotices() + " lagged notices";
        }
        if (counts.errors() > 0 || counts.serverCloses() > 0 || counts.disconnects() > 0) {
            return "errors/closes";
        }
        if (achievedRate() < 0.95 * targetRate) {
            return "generator sent only " + Math.round(achievedRate()) + "/s";
        }
        if (latency.p99() > p99LimitMs) {
            return "p99 " + latency.p99() + " ms > " + p99LimitMs + " ms";
        }
        return null;
    }

    public Map<String, Object> toMap(double p99LimitMs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("target_rate", Json.round(targetRate, 2));
        m.put("achieved_rate", Json.round(achievedRate(), 2));
        m.put("duration_s", Json.round(cpu.wallSeconds(), 3));
        m.put("sent", sent);
        m.put("skipped_inactive_senders", skipped);
        m.put("room_size", roomSize);
        m.put("expected_deliveries", expected);
        m.put("received_deliveries", counts.measured());
        m.put("lost", lost());
        m.put("delivered_per_s", Json.round(deliveredPerSecond(), 1));
        m.put("latency_ms", latency.toMap());
        m.put("lagged_notices", counts.laggedNotices());
        m.put("lagged_dropped", counts.laggedDropped());
        m.put("errors", counts.errors());
        m.put("server_closes", counts.serverCloses());
        m.put("disconnects", counts.disconnects());
        m.put("unmeasured_messages", counts.unmeasured());
        m.put("server_cpu_s", cpu.serverCpuNanos() < 0 ? -1 : Json.round(cpu.serverCpuNanos() / 1e9, 3));
        m.put("server_cpu_pct", Json.round(cpu.serverPercent(), 1));
        m.put("server_cpu_us_per_delivery", Json.round(serverMicrosPerDelivery(), 4));
        if (cpu.redisCpuNanos() >= 0) {
            m.put("redis_cpu_s", Json.round(cpu.redisCpuNanos() / 1e9, 3));
            m.put("redis_cpu_pct", Json.round(cpu.redisPercent(), 1));
            m.put("redis_cpu_us_per_message", Json.round(redisMicrosPerMessage(), 3));
        }
        m.put("generator_cpu_pct", Json.round(cpu.selfPercent(), 1));
        m.put("generator_saturated", generatorSaturated());
        m.put("core_busy_pct", cpu.corePercentRounded());
        m.put("other_cpu_pct", Json.round(cpu.otherPercent(), 1));
        m.put("send_lag_max_ms", Json.round(sendLagMaxMs, 3));
        m.put("pass", passes(p99LimitMs));
        String why = whyNot(p99LimitMs);
        if (why != null) {
            m.put("fail_reason", why);
        }
        return m;
    }

    /** One line for progress output and summaries. */
    public String describe(double p99LimitMs) {
        return String.format("%s (sent %.0f/s): %,d/%,d delivered (%,.0f/s), lost %d, %s, server CPU %s,"
                        + " generator CPU %.0f%%%s, other %.0f%% -> %s",
                targetRate == 0 ? "closed loop" : String.format("rate %.0f/s", targetRate), achievedRate(), counts.measured(), expected, deliveredPerSecond(), lost(),
                latency.describe(),
                cpu.serverPercent() < 0 ? "n/a" : String.format("%.0f%% (%.3f us/delivery)", cpu.serverPercent(),
                        serverMicrosPerDelivery())
                        + (cpu.redisCpuNanos() < 0 ? "" : String.format(" of which Redis %.0f%% (%.2f us/message)",
                                cpu.redisPercent(), redisMicrosPerMessage())),
                cpu.selfPercent(), generatorSaturated() ? " (SATURATED)" : "", cpu.otherPercent(),
                passes(p99LimitMs) ? "pass" : "FAIL (" + whyNot(p99LimitMs) + ")");
    }
}
