package mychat.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The server's settings, read from environment variables. {@link #fromEnv} validates every variable and reports all
 * problems at once. Each default is written once, here, beside the variable it belongs to; the README's table
 * repeats them for users.
 */
public record ServerConfig(
        String host,
        int port,
        String logLevel,
        int roomBuffer,
        Duration pingInterval,
        Duration slowConsumerTimeout,
        int ioThreads,
        Transport transport,
        Store store,
        Path dataDir,
        int historyOnJoin,
        int historyMax,
        boolean historySyncFull) {

    /** Which Netty transport to use; {@code AUTO} takes native epoll when it loads and NIO otherwise. */
    public enum Transport { AUTO, EPOLL, NIO }

    /** Where history lives: an embedded SQLite file (default) or memory only. */
    public enum Store { SQLITE, MEMORY }

    public static final String DEFAULT_ADDR = "0.0.0.0:9000";
    public static final String DEFAULT_LOG = "info";
    public static final int DEFAULT_ROOM_BUFFER = 128;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SLOW_CONSUMER_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_DATA_DIR = "./data";
    public static final int DEFAULT_HISTORY_ON_JOIN = 50;
    public static final int DEFAULT_HISTORY_MAX = 10_000;

    private static final List<String> LOG_LEVELS = List.of("trace", "debug", "info", "warn", "error");

    /** A configuration problem, naming the variable, the value and what would be accepted. */
    public static final class InvalidConfigException extends Exception {
        private final List<String> problems;

        InvalidConfigException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** The defaults, on an ephemeral loopback port: what tests and embedders start from. */
    public static ServerConfig forTests() {
        try {
            return fromEnv(Map.of("CHAT_ADDR", "127.0.0.1:0", "CHAT_STORE", "memory"));
        } catch (InvalidConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ServerConfig fromEnv(Map<String, String> env) throws InvalidConfigException {
        Reader r = new Reader(env);
        InetSocketAddress addr = r.get("CHAT_ADDR", DEFAULT_ADDR, ServerConfig::parseAddress,
                "HOST:PORT with a port from 0 to 65535, e.g. 0.0.0.0:9000 or [::1]:9000");
        String log = r.get("CHAT_LOG", DEFAULT_LOG, v -> {
            String level = v.toLowerCase(Locale.ROOT);
            if (!LOG_LEVELS.contains(level)) {
                throw new IllegalArgumentException();
            }
            return level;
        }, "one of " + String.join("|", LOG_LEVELS));
        Integer roomBuffer = r.get("CHAT_ROOM_BUFFER", String.valueOf(DEFAULT_ROOM_BUFFER),
                v -> parseInt(v, 1, 1_000_000), "a whole number from 1 to 1000000");
        Duration ping = r.get("CHAT_PING_INTERVAL", "30", v -> parseDuration(v, Duration.ofMillis(10)),
                "a duration of at least 10ms: seconds (30), or with a unit (500ms, 30s, 2m)");
        Duration slow = r.get("CHAT_SLOW_CONSUMER_TIMEOUT", "10s", v -> parseDuration(v, Duration.ofMillis(10)),
                "a duration of at least 10ms: seconds (10), or with a unit (500ms, 10s, 1m)");
        Integer ioThreads = r.get("CHAT_IO_THREADS", String.valueOf(Runtime.getRuntime().availableProcessors()),
                v -> parseInt(v, 1, 1024), "a whole number from 1 to 1024");
        Transport transport = r.get("CHAT_TRANSPORT", "auto",
                v -> Transport.valueOf(v.toUpperCase(Locale.ROOT)), "one of auto|epoll|nio");
        Store store = r.get("CHAT_STORE", "sqlite", v -> Store.valueOf(v.toUpperCase(Locale.ROOT)),
                "one of sqlite|memory");
        Path dataDir = r.get("CHAT_DATA_DIR", DEFAULT_DATA_DIR, Path::of, "a directory path");
        Integer onJoin = r.get("CHAT_HISTORY_ON_JOIN", String.valueOf(DEFAULT_HISTORY_ON_JOIN),
                v -> parseInt(v, 0, 1000), "a whole number from 0 to 1000");
        Integer max = r.get("CHAT_HISTORY_MAX", String.valueOf(DEFAULT_HISTORY_MAX),
                v -> parseInt(v, 1, 10_000_000), "a whole number from 1 to 10000000");
        Boolean syncFull = r.get("CHAT_HISTORY_SYNC", "normal", v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "normal" -> false;
            case "full" -> true;
            default -> throw new IllegalArgumentException();
        }, "normal or full");
        if (onJoin != null && max != null && onJoin > max) {
            r.problem("CHAT_HISTORY_ON_JOIN=" + onJoin + " is larger than CHAT_HISTORY_MAX=" + max
                    + ": a room cannot replay more than it keeps");
        }
        r.throwIfInvalid();
        return new ServerConfig(addr.getHostString(), addr.getPort(), log, roomBuffer, ping, slow, ioThreads,
                transport, store, dataDir, onJoin, max, syncFull);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, logLevel, roomBuffer, pingInterval, slowConsumerTimeout, ioThreads,
                transport, store, dataDir, historyOnJoin, historyMax, historySyncFull);
    }

    public ServerConfig withRoomBuffer(int newRoomBuffer) {
        return new ServerConfig(host, port, logLevel, newRoomBuffer, pingInterval, slowConsumerTimeout, ioThreads,
                transport, store, dataDir, historyOnJoin, historyMax, historySyncFull);
    }

    public ServerConfig withPingInterval(Duration newPingInterval) {
        return new ServerConfig(host, port, logLevel, roomBuffer, newPingInterval, slowConsumerTimeout, ioThreads,
                transport, store, dataDir, historyOnJoin, historyMax, historySyncFull);
    }

    public ServerConfig withSlowConsumerTimeout(Duration newTimeout) {
        return new ServerConfig(host, port, logLevel, roomBuffer, pingInterval, newTimeout, ioThreads, transport,
                store, dataDir, historyOnJoin, historyMax, historySyncFull);
    }

    /** The SQLite store in {@code dir}. */
    public ServerConfig withSqlite(Path dir) {
        return new ServerConfig(host, port, logLevel, roomBuffer, pingInterval, slowConsumerTimeout, ioThreads,
                transport, Store.SQLITE, dir, historyOnJoin, historyMax, historySyncFull);
    }

    public ServerConfig withHistory(int onJoin, int max) {
        return new ServerConfig(host, port, logLevel, roomBuffer, pingInterval, slowConsumerTimeout, ioThreads,
                transport, store, dataDir, onJoin, max, historySyncFull);
    }

    static InetSocketAddress parseAddress(String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException();
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        int port = parseInt(value.substring(colon + 1), 0, 65535);
        return InetSocketAddress.createUnresolved(host, port);
    }

    static int parseInt(String value, int min, int max) {
        int n = Integer.parseInt(value.strip());
        if (n < min || n > max) {
            throw new IllegalArgumentException();
        }
        return n;
    }

    /** Seconds when bare ("30"), or a number with a unit: ms, s, m. */
    static Duration parseDuration(String value, Duration min) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        Duration d;
        if (v.endsWith("ms")) {
            d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        } else if (v.endsWith("s")) {
            d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        } else if (v.endsWith("m")) {
            d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        } else {
            d = Duration.ofSeconds(Long.parseLong(v));
        }
        if (d.compareTo(min) < 0 || d.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException();
        }
        return d;
    }

    /** Reads variables one by one, collecting every problem instead of stopping at the first. */
    private static final class Reader {
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        <T> T get(String name, String defaultValue, Function<String, T> parse, String expected) {
            String raw = env.get(name);
            boolean set = raw != null && !raw.isBlank();
            try {
                return parse.apply(set ? raw : defaultValue);
            } catch (RuntimeException e) {
                problems.add(name + "=" + (set ? "'" + raw + "'" : "(default)") + " is invalid: expected "
                        + expected);
                return null;
            }
        }

        void problem(String message) {
            problems.add(message);
        }

        void throwIfInvalid() throws InvalidConfigException {
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(problems);
            }
        }
    }
}
