package mychat.server;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The server's settings, read from environment variables. {@link #fromEnv} validates every variable and reports all
 * problems at once. Each default is written once, here, in the call that reads its variable; the README's table
 * repeats them for users.
 *
 * @param host            listen address
 * @param port            listen port (0: any free port)
 * @param adminAddress    the admin listener (metrics, health, moderation API), or null when switched off
 * @param adminToken      the bearer token of the moderation API, or null (the API then answers 403)
 * @param tls             certificate and key for wss://, or null for plain ws://
 * @param jwt             token verification, or null when anyone may connect
 * @param telemetry       the {@code OTEL_*} variables, for OpenTelemetry's own configuration (see
 *                        {@code telemetry.Telemetry}); empty when none is set
 * @param web             whether plain HTTP requests get the web client ({@code CHAT_WEB})
 */
public record ServerConfig(
        String host,
        int port,
        InetSocketAddress adminAddress,
        String adminToken,
        String logLevel,
        boolean logJson,
        int ioThreads,
        Transport transport,
        Delivery delivery,
        History history,
        Tls tls,
        Jwt jwt,
        Abuse abuse,
        Map<String, String> telemetry,
        boolean web) {

    /** Which Netty transport to use; {@code AUTO} takes native epoll when it loads and NIO otherwise. */
    public enum Transport { AUTO, EPOLL, NIO }

    /** Where history lives: an embedded SQLite file (default), memory only, or Redis shared by a cluster. */
    public enum Store { SQLITE, MEMORY, REDIS }

    /** How events reach members: slow-consumer limits and the heartbeat. */
    public record Delivery(int roomBuffer, Duration slowConsumerTimeout, Duration pingInterval) {
        /** Bytes of frames that may wait for one member, per message of {@code CHAT_ROOM_BUFFER}. */
        static final int BYTES_PER_BUFFERED_MESSAGE = 2048;

        /**
         * How many bytes of frames may wait for a connection before it counts as behind (Netty's high-water mark):
         * room for {@code roomBuffer} messages of the largest common size; an eighth of it is the low-water mark.
         */
        public int outboundLimitBytes() {
            return roomBuffer * BYTES_PER_BUFFERED_MESSAGE;
        }
    }

    /**
     * @param redisUrl    with {@link Store#REDIS}: the Redis every node of the cluster shares
     * @param nodeTimeout with {@link Store#REDIS}: how long a node may miss heartbeats before the others remove
     *                    its members
     */
    public record History(Store store, Path dataDir, int onJoin, int max, boolean syncFull, String redisUrl,
                          Duration nodeTimeout) {}

    public record Tls(Path certificate, Path privateKey) {}

    /**
     * Exactly one of {@code secret} (HS256) and {@code publicKey} (PEM file, RS256 or ES256) is set.
     *
     * @param leeway clock skew tolerated on {@code exp} and {@code nbf}
     * @param grace  how long a session may go on after its token expired, waiting for {@code Auth}
     */
    public record Jwt(String secret, Path publicKey, Duration leeway, Duration grace) {}

    /**
     * Limits against abuse. Rates are per connection, in requests per second with a burst; 0 switches one off.
     * Connection caps of 0 mean no cap. An empty origin set allows every origin.
     */
    public record Abuse(double messagesPerSecond, int messageBurst, double requestsPerSecond, int requestBurst,
                        int maxConnections, int maxConnectionsPerIp, Set<String> allowedOrigins,
                        Duration handshakeTimeout) {}

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

    /**
     * The defaults, on an ephemeral loopback port, history in memory, no admin listener and no rate limits (tests
     * send much faster than people type): for tests.
     */
    public static ServerConfig forTests() {
        return forTests(Map.of());
    }

    /** {@link #forTests()} with some variables set as a user would set them. */
    public static ServerConfig forTests(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of("CHAT_ADDR", "127.0.0.1:0", "CHAT_STORE", "memory",
                "CHAT_ADMIN_ADDR", "off", "CHAT_RATE_MSGS", "0", "CHAT_RATE_REQUESTS", "0"));
        env.putAll(overrides);
        try {
            return fromEnv(env);
        } catch (InvalidConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public static ServerConfig fromEnv(Map<String, String> env) throws InvalidConfigException {
        Reader r = new Reader(env);
        InetSocketAddress addr = r.get("CHAT_ADDR", "0.0.0.0:9000", ServerConfig::parseAddress,
                "HOST:PORT with a port from 0 to 65535, e.g. 0.0.0.0:9000 or [::1]:9000");
        InetSocketAddress admin = r.get("CHAT_ADMIN_ADDR", "127.0.0.1:9001",
                v -> v.equalsIgnoreCase("off") ? null : parseAddress(v), "HOST:PORT, or off");
        String adminToken = r.get("CHAT_ADMIN_TOKEN", "", v -> {
            if (!v.isEmpty() && (v.length() < 16 || !v.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
                throw new IllegalArgumentException();
            }
            return v.isEmpty() ? null : v;
        }, "at least 16 printable ASCII characters without spaces (e.g. from: openssl rand -hex 24)");
        String log = r.get("CHAT_LOG", "info", v -> oneOf(v.toLowerCase(Locale.ROOT), LOG_LEVELS),
                "one of " + String.join("|", LOG_LEVELS));
        String logFormat = r.get("CHAT_LOG_FORMAT", "text", v -> oneOf(v.toLowerCase(Locale.ROOT),
                List.of("text", "json")), "text or json");
        Integer ioThreads = r.get("CHAT_IO_THREADS", String.valueOf(Runtime.getRuntime().availableProcessors()),
                v -> parseInt(v, 1, 1024), "a whole number from 1 to 1024");
        Transport transport = r.get("CHAT_TRANSPORT", "auto",
                v -> Transport.valueOf(v.toUpperCase(Locale.ROOT)), "one of auto|epoll|nio");

        Integer roomBuffer = r.get("CHAT_ROOM_BUFFER", "128", v -> parseInt(v, 1, 1_000_000),
                "a whole number from 1 to 1000000");
        Duration slow = r.get("CHAT_SLOW_CONSUMER_TIMEOUT", "10s", v -> parseDuration(v, Duration.ofMillis(10)),
                "a duration of at least 10ms: seconds (10), or with a unit (500ms, 10s, 1m)");
        Duration ping = r.get("CHAT_PING_INTERVAL", "30", v -> parseDuration(v, Duration.ofMillis(10)),
                "a duration of at least 10ms: seconds (30), or with a unit (500ms, 30s, 2m)");

        Store store = r.get("CHAT_STORE", "sqlite", v -> Store.valueOf(v.toUpperCase(Locale.ROOT)),
                "one of sqlite|memory|redis");
        Path dataDir = r.get("CHAT_DATA_DIR", "./data", Path::of, "a directory path");
        Integer onJoin = r.get("CHAT_HISTORY_ON_JOIN", "50", v -> parseInt(v, 0, 1000),
                "a whole number from 0 to 1000");
        Integer max = r.get("CHAT_HISTORY_MAX", "10000", v -> parseInt(v, 1, 10_000_000),
                "a whole number from 1 to 10000000");
        Boolean syncFull = r.get("CHAT_HISTORY_SYNC", "normal",
                v -> oneOf(v.toLowerCase(Locale.ROOT), List.of("normal", "full")).equals("full"), "normal or full");
        String redisUrl = r.get("CHAT_REDIS_URL", "", v -> {
            if (!v.isEmpty() && !v.startsWith("redis://") && !v.startsWith("rediss://")) {
                throw new IllegalArgumentException();
            }
            return v.isEmpty() ? null : v;
        }, "redis://[user:password@]host:port[/db] (rediss:// for TLS)");
        Duration nodeTimeout = r.get("CHAT_NODE_TIMEOUT", "15s", v -> parseDuration(v, Duration.ofSeconds(1)),
                "a duration of at least 1s, such as 15s");
        if (store == Store.REDIS && redisUrl == null && !r.failed("CHAT_REDIS_URL")) {
            r.problem("CHAT_STORE=redis needs CHAT_REDIS_URL, e.g. redis://127.0.0.1:6379");
        }
        if (onJoin != null && max != null && onJoin > max) {
            r.problem("CHAT_HISTORY_ON_JOIN=" + onJoin + " is larger than CHAT_HISTORY_MAX=" + max
                    + ": a room cannot replay more than it keeps");
        }

        Tls tls = readTls(r);
        Jwt jwt = readJwt(r);

        Double msgRate = r.get("CHAT_RATE_MSGS", "10", v -> parseRate(v), "messages per second, 0 for no limit");
        Integer msgBurst = r.get("CHAT_RATE_MSGS_BURST", "20", v -> parseInt(v, 1, 1_000_000),
                "a whole number from 1 to 1000000");
        Double reqRate = r.get("CHAT_RATE_REQUESTS", "20", v -> parseRate(v),
                "requests per second, 0 for no limit");
        Integer reqBurst = r.get("CHAT_RATE_REQUESTS_BURST", "40", v -> parseInt(v, 1, 1_000_000),
                "a whole number from 1 to 1000000");
        Integer maxConnections = r.get("CHAT_MAX_CONNECTIONS", "0", v -> parseInt(v, 0, 10_000_000),
                "a whole number, 0 for no limit");
        Integer maxPerIp = r.get("CHAT_MAX_CONNECTIONS_PER_IP", "0", v -> parseInt(v, 0, 10_000_000),
                "a whole number, 0 for no limit");
        Set<String> origins = r.get("CHAT_ALLOWED_ORIGINS", "", ServerConfig::parseOrigins,
                "comma-separated origins such as https://chat.example.com");
        Duration handshake = r.get("CHAT_HANDSHAKE_TIMEOUT", "10s", v -> parseDuration(v, Duration.ofMillis(10)),
                "a duration such as 10s");

        Boolean web = r.get("CHAT_WEB", "on", v -> oneOf(v.toLowerCase(Locale.ROOT), List.of("on", "off"))
                .equals("on"), "on or off");

        r.throwIfInvalid();
        return new ServerConfig(addr.getHostString(), addr.getPort(), admin, adminToken, log, logFormat.equals("json"),
                ioThreads, transport, new Delivery(roomBuffer, slow, ping),
                new History(store, dataDir, onJoin, max, syncFull, redisUrl, nodeTimeout), tls, jwt,
                new Abuse(msgRate, msgBurst, reqRate, reqBurst, maxConnections, maxPerIp, origins, handshake),
                otelVariables(env), web);
    }

    private static Map<String, String> otelVariables(Map<String, String> env) {
        return env.entrySet().stream().filter(e -> e.getKey().startsWith("OTEL_"))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static Tls readTls(Reader r) {
        Path cert = r.get("CHAT_TLS_CERT", "", ServerConfig::optionalReadableFile, "a readable PEM file");
        Path key = r.get("CHAT_TLS_KEY", "", ServerConfig::optionalReadableFile, "a readable PEM file");
        if ((cert == null) != (key == null) && !r.failed("CHAT_TLS_CERT") && !r.failed("CHAT_TLS_KEY")) {
            r.problem("CHAT_TLS_CERT and CHAT_TLS_KEY go together: set both for wss://, or neither");
            return null;
        }
        return cert == null ? null : new Tls(cert, key);
    }

    private static Jwt readJwt(Reader r) {
        String secret = r.get("CHAT_JWT_SECRET", "", v -> {
            if (!v.isEmpty() && v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
                throw new IllegalArgumentException();
            }
            return v.isEmpty() ? null : v;
        }, "a secret of at least 32 bytes (HS256 needs 256 bits)");
        Path publicKey = r.get("CHAT_JWT_PUBLIC_KEY", "", ServerConfig::optionalReadableFile,
                "a readable PEM file with an RSA or EC public key");
        Duration leeway = r.get("CHAT_JWT_LEEWAY", "5s", v -> parseDuration(v, Duration.ZERO),
                "a duration such as 5s");
        Duration grace = r.get("CHAT_JWT_GRACE", "10s", v -> parseDuration(v, Duration.ZERO),
                "a duration such as 10s");
        if (secret != null && publicKey != null) {
            r.problem("CHAT_JWT_SECRET and CHAT_JWT_PUBLIC_KEY are both set: choose HS256 (secret) or "
                    + "RS256/ES256 (public key)");
            return null;
        }
        return secret == null && publicKey == null ? null : new Jwt(secret, publicKey, leeway, grace);
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

    private static double parseRate(String value) {
        double rate = Double.parseDouble(value.strip());
        if (!(rate >= 0 && rate <= 1_000_000)) {
            throw new IllegalArgumentException();
        }
        return rate;
    }

    private static String oneOf(String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException();
        }
        return value;
    }

    private static Path optionalReadableFile(String value) {
        if (value.isEmpty()) {
            return null;
        }
        Path path = Path.of(value);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException();
        }
        return path;
    }

    private static Set<String> parseOrigins(String value) {
        Set<String> origins = Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        for (String origin : origins) {
            if (!origin.matches("(https?)://[^/\\s]+") && !origin.equals("null")) {
                throw new IllegalArgumentException();
            }
        }
        return origins;
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
        private final List<String> problems = new java.util.ArrayList<>();
        private final Set<String> failed = new java.util.HashSet<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        <T> T get(String name, String defaultValue, java.util.function.Function<String, T> parse, String expected) {
            String raw = env.get(name);
            boolean set = raw != null && !raw.isBlank();
            try {
                return parse.apply(set ? raw.strip() : defaultValue);
            } catch (RuntimeException e) {
                failed.add(name);
                problems.add(name + "=" + (set ? "'" + raw + "'" : "(default)") + " is invalid: expected "
                        + expected);
                return null;
            }
        }

        boolean failed(String name) {
            return failed.contains(name);
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
