package mychat.bench.scenario;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import mychat.bench.net.SourceAddresses;

/**
 * Settings of a fanout run. {@code rate} is the aggregate target of messages sent per second (over all senders of
 * all rooms); each message is delivered to every member of its room, sender included.
 *
 * @param window        above 0: closed loop instead of {@code rate}, each sender keeping this many messages in flight
 *                      (see {@link ClosedLoop}); one step, which has no p99 criterion
 * @param findMax       search the highest rate with zero loss and p99 within {@code p99LimitMs}, starting at
 *                      {@code startRate} (0: the rate giving {@code 10,000} deliveries per second)
 * @param firstWarmup   for a search: unmeasured sending at the start rate before the first step
 * @param idleRooms     extra rooms of one silent member each, joined before the measured rooms: they show what
 *                      the mere number of rooms costs a delivery (the rooms sweep of docs/BENCHMARKS.md)
 * @param tags          free labels copied into the JSON line (server name, repetition, case)
 */
public record FanoutConfig(URI url, int rooms, int members, int senders, int idleRooms, double rate, int window,
                           Duration warmup,
                           Duration duration, Duration drainTimeout, int textBytes, Long serverPid, int threads,
                           SourceAddresses sourceAddresses, int connectConcurrency, boolean findMax,
                           Duration firstWarmup, double startRate, double rampFactor, double maxRate,
                           int refineSteps, double p99LimitMs,
                           Map<String, String> tags) {

    public static final double DEFAULT_P99_LIMIT_MS = 50;
    static final double START_DELIVERIES_PER_SECOND = 10_000;

    public FanoutConfig {
        if (rooms < 1 || members < 1 || senders < 1 || senders > members || idleRooms < 0 || window < 0
                || (window > 0 && findMax)) {
            throw new IllegalArgumentException("need rooms >= 1, members >= 1, 1 <= senders <= members, idleRooms >= 0"
                    + " and window >= 0, and no window with findMax");
        }
        tags = Map.copyOf(tags);
    }

    /** A run of about two seconds: 2 rooms x 5 members, 200 msg/s, 0.5 s warm-up, 1 s measured. */
    public static FanoutConfig smoke(URI url, Long serverPid) {
        return new FanoutConfig(url, 2, 5, 1, 0, 200, 0, Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 64, serverPid, 1, SourceAddresses.none(), 64, false, Duration.ZERO, 0, 2, 1e9, 4,
                DEFAULT_P99_LIMIT_MS, Map.of());
    }

    boolean closedLoop() {
        return window > 0;
    }

    /** The p99 a step must meet to pass: none for a closed-loop step, whose latency is the window's doing. */
    double p99Criterion() {
        return closedLoop() ? Double.POSITIVE_INFINITY : p99LimitMs;
    }

    double firstRate() {
        return startRate > 0 ? startRate : Math.max(1, START_DELIVERIES_PER_SECOND / members);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url.toString());
        m.put("rooms", rooms);
        m.put("members", members);
        m.put("senders_per_room", senders);
        m.put("idle_rooms", idleRooms);
        m.put("connections", rooms * members + idleRooms);
        if (findMax) {
            m.put("find_max", true);
            m.put("first_warmup_s", firstWarmup.toMillis() / 1e3);
            m.put("start_rate", firstRate());
            m.put("ramp_factor", rampFactor);
            m.put("rate_ceiling", maxRate);
            m.put("refine_steps", refineSteps);
        } else if (closedLoop()) {
            m.put("window", window);
        } else {
            m.put("rate", rate);
        }
        if (!closedLoop()) {
            m.put("p99_limit_ms", p99LimitMs);
        }
        m.put("warmup_s", warmup.toMillis() / 1e3);
        m.put("duration_s", duration.toMillis() / 1e3);
        m.put("drain_timeout_s", drainTimeout.toMillis() / 1e3);
        m.put("text_bytes", textBytes);
        m.put("threads", threads);
        m.put("source_addresses", sourceAddresses.describe());
        m.put("server_pid", serverPid);
        return m;
    }
}
