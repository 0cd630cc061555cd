package mychat.bench.scenario;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import mychat.bench.net.SourceAddresses;
import mychat.bench.report.ServerPids;

/**
 * Settings of a fanout run. {@code rate} is the aggregate target of messages sent per second (over all senders of
 * all rooms); each message is delivered to every member of its room, sender included.
 *
 * @param urls          the server, or the nodes of a cluster: member i of every room connects to {@code urls[i mod n]}
 * @param serverPids    the processes whose CPU is the server's (nodes and a shared Redis)
 * @param window        above 0: closed loop instead of {@code rate}, each sender keeping this many messages in flight
 *                      (see {@link ClosedLoop}); one step, which has no p99 criterion
 * @param findMax       search the highest rate with zero loss and p99 within {@code p99LimitMs}, starting at
 *                      {@code startRate} (0: the rate giving {@code 10,000} deliveries per second)
 * @param firstWarmup   for a search: unmeasured sending at the start rate before the first step
 * @param idleRooms     extra rooms of one silent member each, joined before the measured rooms: they show what
 *                      the mere number of rooms costs a delivery (the rooms sweep of docs/BENCHMARKS.md)
 * @param tags          free labels copied into the JSON line (server name, repetition, case)
 */
public record FanoutConfig(List<URI> urls, int rooms, int members, int senders, int idleRooms, double rate,
                           int window, Duration warmup,
                           Duration duration, Duration drainTimeout, int textBytes, ServerPids serverPids, int threads,
                           SourceAddresses sourceAddresses, int connectConcurrency, boolean findMax,
                           Duration firstWarmup, double startRate, double rampFactor, double maxRate,
                           int refineSteps, double p99LimitMs,
                           Map<String, String> tags) {

    public static final double DEFAULT_P99_LIMIT_MS = 50;
    static final double START_DELIVERIES_PER_SECOND = 10_000;

    public FanoutConfig {
        if (rooms < 1 || members < 1 || senders < 1 || senders > members || idleRooms < 0 || window < 0
                || (window > 0 && findMax) || urls.isEmpty()) {
            throw new IllegalArgumentException("need a URL, rooms >= 1, members >= 1, 1 <= senders <= members,"
                    + " idleRooms >= 0 and window >= 0, and no window with findMax");
        }
        urls = List.copyOf(urls);
        tags = Map.copyOf(tags);
    }

    /** A run of about two seconds: 2 rooms x 5 members, 200 msg/s, 0.5 s warm-up, 1 s measured. */
    public static FanoutConfig smoke(URI url, Long serverPid) {
        return new FanoutConfig(List.of(url), 2, 5, 1, 0, 200, 0, Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 64, ServerPids.of(serverPid), 1, SourceAddresses.none(), 64, false,
                Duration.ZERO, 0, 2, 1e9, 4, DEFAULT_P99_LIMIT_MS, Map.of());
    }

    /** The URLs as given: comma-separated. */
    String urlList() {
        return urls.stream().map(URI::toString).collect(Collectors.joining(","));
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
        m.put("url", urlList());
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
        serverPids.putInto(m);
        return m;
    }
}
