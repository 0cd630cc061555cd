package mychat.bench.cli;

import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import mychat.bench.net.SourceAddresses;
import mychat.bench.report.ServerPids;
import mychat.bench.scenario.ConnectConfig;
import mychat.bench.scenario.FanoutConfig;
import mychat.bench.scenario.StartupConfig;
import mychat.bench.scenario.StormConfig;
import mychat.bench.soak.SoakConfig;

/**
 * Command-line options into scenario configs. Each default is written once, here (the soak's in
 * {@link SoakConfig#standard} and {@link SoakConfig#smoke}); {@link Usage} quotes them.
 */
public final class Configs {
    static final String DEFAULT_URL = "ws://127.0.0.1:9000/";
    static final int DEFAULT_THREADS = 1;
    static final int DEFAULT_CONCURRENCY = 256;

    public static final Set<String> FANOUT_FLAGS = Set.of("find-max", "smoke", "help");
    public static final Set<String> CONNECT_FLAGS = Set.of("smoke", "help");
    public static final Set<String> STORM_FLAGS = Set.of("seed-only", "smoke", "help");
    public static final Set<String> STARTUP_FLAGS = Set.of("help");
    public static final Set<String> SOAK_FLAGS = Set.of("heap-after-gc", "smoke", "help");

    private Configs() {}

    public static FanoutConfig fanout(Args a) throws Args.UsageException {
        boolean smoke = a.flag("smoke");
        List<URI> urls = urls(a);
        int rooms = a.integer("rooms", smoke ? 2 : 1, 1, 1_000_000);
        int members = a.integer("members", smoke ? 5 : 10, 1, 1_000_000);
        int senders = a.integer("senders", 1, 1, 1_000_000);
        int idleRooms = a.integer("idle-rooms", 0, 0, 1_000_000);
        double rate = a.decimal("rate", smoke ? 200 : 100, 0.001);
        int window = a.integer("window", 0, 0, 100_000);
        Duration warmup = a.duration("warmup", smoke ? Duration.ofMillis(500) : Duration.ofSeconds(2));
        Duration duration = a.duration("duration", smoke ? Duration.ofSeconds(1) : Duration.ofSeconds(10));
        Duration drain = a.duration("drain-timeout", Duration.ofSeconds(smoke ? 5 : 10));
        int textBytes = a.integer("text-bytes", 64, 26, 2048);
        List<Long> pids = pids(a, "server-pid");
        Long redisPid = a.optionalLong("redis-pid");
        int threads = a.integer("threads", DEFAULT_THREADS, 1, 64);
        SourceAddresses sources = sources(a);
        int concurrency = a.integer("connect-concurrency", DEFAULT_CONCURRENCY, 1, 100_000);
        boolean findMax = a.flag("find-max");
        Duration firstWarmup = a.duration("first-warmup", findMax ? Duration.ofSeconds(5) : Duration.ZERO);
        double startRate = a.decimal("start-rate", 0, 0);
        double factor = a.decimal("ramp-factor", 2, 1.01);
        double maxRate = a.decimal("max-rate", 10_000_000, 0.001);
        int refine = a.integer("refine-steps", 4, 0, 20);
        double p99Limit = a.decimal("p99-limit-ms", FanoutConfig.DEFAULT_P99_LIMIT_MS, 0.001);
        var tags = a.tags();
        if (senders > members) {
            a.problem("--senders " + senders + " is more than --members " + members + " (senders are members)");
        }
        if (window > 0 && findMax) {
            a.problem("--window (closed loop) and --find-max (paced search) exclude each other");
        }
        if (duration.isZero()) {
            a.problem("--duration must be more than 0");
        }
        a.throwIfInvalid();
        return new FanoutConfig(urls, rooms, members, senders, idleRooms, rate, window, warmup, duration, drain,
                textBytes, new ServerPids(pids, redisPid), threads, sources, concurrency, findMax, firstWarmup,
                startRate, factor, maxRate, refine, p99Limit, tags);
    }

    public static ConnectConfig connect(Args a) throws Args.UsageException {
        boolean smoke = a.flag("smoke");
        URI url = url(a);
        int connections = a.integer("connections", smoke ? 50 : 1000, 1, 1_000_000);
        int roomSize = a.integer("room-size", 10, 1, 1_000_000);
        Duration hold = a.duration("hold", smoke ? Duration.ofMillis(500) : Duration.ofSeconds(5));
        Long pid = a.optionalLong("server-pid");
        int threads = a.integer("threads", DEFAULT_THREADS, 1, 64);
        SourceAddresses sources = sources(a);
        int concurrency = a.integer("connect-concurrency", DEFAULT_CONCURRENCY, 1, 100_000);
        var tags = a.tags();
        a.throwIfInvalid();
        return new ConnectConfig(url, connections, roomSize, hold, pid, threads, sources, concurrency, tags);
    }

    public static StormConfig storm(Args a) throws Args.UsageException {
        boolean smoke = a.flag("smoke");
        URI url = url(a);
        int clients = a.integer("clients", smoke ? 200 : 10_000, 1, 1_000_000);
        int rooms = a.integer("rooms", smoke ? 4 : 100, 1, 1_000_000);
        String prefix = a.string("room-prefix", "storm-");
        int seed = a.integer("seed", smoke ? 30 : 0, 0, 100_000);
        boolean seedOnly = a.flag("seed-only");
        Long givenHistory = a.optionalLong("history");
        long history = givenHistory != null ? givenHistory : seed;
        int maxMissed = a.integer("max-missed", 20, 0, 100_000);
        int warmup = a.integer("generator-warmup", smoke ? 200 : 10_000, 0, 1_000_000);
        Long pid = a.optionalLong("server-pid");
        int threads = a.integer("threads", DEFAULT_THREADS, 1, 64);
        SourceAddresses sources = sources(a);
        int concurrency = a.integer("connect-concurrency", DEFAULT_CONCURRENCY, 1, 100_000);
        var tags = a.tags();
        if (seedOnly && seed == 0) {
            a.problem("--seed-only needs --seed N (messages per room)");
        }
        if (history < 0) {
            a.problem("--history must be 0 or more");
        }
        a.throwIfInvalid();
        return new StormConfig(url, clients, rooms, prefix, seed, seedOnly, history, maxMissed, warmup, pid, threads,
                sources, concurrency, tags);
    }

    /** The soak; its defaults are {@link SoakConfig#standard} (or {@link SoakConfig#smoke} with --smoke). */
    public static SoakConfig soak(Args a) throws Args.UsageException {
        URI url = url(a);
        SoakConfig d = a.flag("smoke") ? SoakConfig.smoke(url) : SoakConfig.standard(url);
        int clients = a.integer("clients", d.clients(), 1, 1_000_000);
        int connected = a.integer("connected", d.connected(), 1, 1_000_000);
        int rooms = a.integer("rooms", d.rooms(), 1, 1_000_000);
        Duration duration = a.duration("duration", d.duration());
        Duration sendMin = a.duration("send-interval-min", d.sendIntervalMin());
        Duration sendMax = a.duration("send-interval-max", d.sendIntervalMax());
        Duration sessionMin = a.duration("session-min", d.sessionMin());
        Duration sessionMax = a.duration("session-max", d.sessionMax());
        double pause = probability(a, "pause-probability", d.pauseProbability());
        Duration pauseMin = a.duration("pause-min", d.pauseMin());
        Duration pauseMax = a.duration("pause-max", d.pauseMax());
        double abrupt = probability(a, "abrupt-probability", d.abruptProbability());
        int textBytes = a.integer("text-bytes", d.textBytes(), 1, 2048);
        int receiveBuffer = a.integer("receive-buffer", d.receiveBuffer(), 0, 64 << 20);
        Long pid = a.optionalLong("server-pid");
        URI admin = admin(a);
        Duration sampleInterval = a.duration("sample-interval", d.sampleInterval());
        boolean heapAfterGc = a.flag("heap-after-gc");
        Duration drain = a.duration("drain-timeout", d.drainTimeout());
        int threads = a.integer("threads", d.threads(), 1, 64);
        SourceAddresses sources = sources(a);
        var tags = a.tags();
        if (connected > clients) {
            a.problem("--connected " + connected + " is more than --clients " + clients);
        }
        if (rooms > clients) {
            a.problem("--rooms " + rooms + " is more than --clients " + clients + " (a room needs a client)");
        }
        orderly(a, "send-interval", sendMin, sendMax);
        orderly(a, "session", sessionMin, sessionMax);
        orderly(a, "pause", pauseMin, pauseMax);
        if (sendMin.isZero() || sessionMin.isZero() || sampleInterval.isZero() || duration.isZero()) {
            a.problem("--duration, --sample-interval, --send-interval-min and --session-min must be more than 0");
        }
        if (heapAfterGc && pid == null) {
            a.problem("--heap-after-gc needs --server-pid");
        }
        a.throwIfInvalid();
        return new SoakConfig(url, clients, connected, rooms, duration, sendMin, sendMax, sessionMin, sessionMax,
                pause, pauseMin, pauseMax, abrupt, textBytes, receiveBuffer, pid, admin, sampleInterval, heapAfterGc,
                drain, threads, sources, tags);
    }

    public static StartupConfig startup(Args a) throws Args.UsageException {
        String host = a.string("host", "127.0.0.1");
        int port = a.integer("port", 9000, 1, 65535);
        Duration timeout = a.duration("timeout", Duration.ofSeconds(60));
        String log = a.string("log", null);
        var tags = a.tags();
        if (a.command().isEmpty()) {
            a.problem("give the server command after --, e.g. -- java -jar server/target/my-chat-server.jar");
        }
        a.throwIfInvalid();
        return new StartupConfig(a.command(), host, port, timeout, log == null ? null : Path.of(log), tags);
    }

    private static URI url(Args a) {
        return url(a, a.string("url", DEFAULT_URL));
    }

    /** {@code --url} as a comma list: the nodes of a cluster. */
    private static List<URI> urls(Args a) {
        List<URI> urls = new ArrayList<>();
        for (String raw : a.string("url", DEFAULT_URL).split(",", -1)) {
            urls.add(url(a, raw.strip()));
        }
        return urls;
    }

    private static URI url(Args a, String raw) {
        try {
            URI url = URI.create(raw);
            if (!"ws".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return url.getPath() == null || url.getPath().isEmpty() ? url.resolve("/") : url;
        } catch (IllegalArgumentException e) {
            a.problem("--url \"" + raw + "\": expected ws://HOST:PORT/");
            return URI.create(DEFAULT_URL);
        }
    }

    /** A comma list of process ids; empty when not given. */
    private static List<Long> pids(Args a, String name) {
        String raw = a.string(name, null);
        List<Long> pids = new ArrayList<>();
        if (raw == null) {
            return pids;
        }
        for (String pid : raw.split(",", -1)) {
            try {
                pids.add(Long.parseLong(pid.strip()));
            } catch (NumberFormatException e) {
                a.problem("--" + name + " \"" + raw + "\": expected a process id or a comma list of them");
                return List.of();
            }
        }
        return pids;
    }

    private static double probability(Args a, String name, double fallback) {
        double p = a.decimal(name, fallback, 0);
        if (p > 1) {
            a.problem("--" + name + " " + p + ": must be from 0 to 1");
            return fallback;
        }
        return p;
    }

    private static void orderly(Args a, String name, Duration min, Duration max) {
        if (min.compareTo(max) > 0) {
            a.problem("--" + name + "-min is more than --" + name + "-max");
        }
    }

    /** {@code --admin http://HOST:PORT}: the server's admin listener, for {@code /metrics}; null when not given. */
    private static URI admin(Args a) {
        String raw = a.string("admin", null);
        if (raw == null) {
            return null;
        }
        try {
            URI admin = URI.create(raw);
            if (!"http".equals(admin.getScheme()) || admin.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return admin;
        } catch (IllegalArgumentException e) {
            a.problem("--admin \"" + raw + "\": expected http://HOST:PORT (the server's CHAT_ADMIN_ADDR)");
            return null;
        }
    }

    private static SourceAddresses sources(Args a) {
        String spec = a.string("source-addresses", null);
        if (spec == null) {
            return SourceAddresses.none();
        }
        try {
            return SourceAddresses.parse(spec);
        } catch (UnknownHostException | IllegalArgumentException e) {
            a.problem("--source-addresses \"" + spec + "\": " + e.getMessage()
                    + " (expected a count, 127.0.0.2-127.0.0.9, or a comma list)");
            return SourceAddresses.none();
        }
    }
}
