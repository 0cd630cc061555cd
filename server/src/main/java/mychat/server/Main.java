package mychat.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.opentelemetry.instrumentation.logback.mdc.v1_0.OpenTelemetryAppender;
import java.net.BindException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import mychat.server.net.TlsSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Entry point: reads the configuration from the environment (exit 2 on a bad value), starts the server, and shuts
 * it down gracefully on SIGINT or SIGTERM with exit code 0.
 */
public final class Main {
    static final int EXIT_BAD_CONFIG = 2;
    static final int EXIT_START_FAILED = 1;
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofMillis(4500);

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 1 && args[0].equals("--version")) {
            System.out.println("my-chat-server " + BuildVersion.get());
            return;
        }
        if (args.length > 0) {
            System.out.println(usage());
            System.exit(args[0].equals("--help") || args[0].equals("-h") ? 0 : EXIT_BAD_CONFIG);
        }
        ServerConfig config;
        try {
            config = ServerConfig.fromEnv(System.getenv());
        } catch (ServerConfig.InvalidConfigException e) {
            for (String problem : e.problems()) {
                System.err.println("my-chat: " + problem);
            }
            System.err.println("my-chat: not started; see the configuration table in README.md");
            System.exit(EXIT_BAD_CONFIG);
            return;
        }
        configureLogging(config);
        Logger log = LoggerFactory.getLogger(Main.class);
        log.info("my-chat server {} on Java {}", BuildVersion.get(), Runtime.version());

        ChatServer server;
        try {
            server = ChatServer.start(config);
        } catch (ChatServer.StartupException e) {
            System.err.println("my-chat: " + e.getMessage());
            System.err.println("my-chat: not started; see the configuration table in README.md");
            System.exit(EXIT_BAD_CONFIG);
            return;
        } catch (Exception e) {
            String why = e instanceof BindException ? e.getMessage() : e.toString();
            System.err.println("my-chat: cannot listen on " + config.host() + ":" + config.port()
                    + (config.adminAddress() != null ? " (admin " + config.adminAddress().getHostString() + ":"
                    + config.adminAddress().getPort() + ")" : "") + ": " + why);
            System.exit(EXIT_START_FAILED);
            return;
        }
        log.info("my-chat listening on {}:{} (transport {}, {} I/O threads, {}, history {}, auth {})",
                server.address().getAddress().getHostAddress(), server.port(), server.transport(),
                config.ioThreads(), config.tls() != null ? "TLS via " + TlsSetup.engine() : "no TLS",
                switch (config.history().store()) {
                    case SQLITE -> "in " + config.history().dataDir().resolve("history.db");
                    case MEMORY -> "in memory only";
                    case REDIS -> "in Redis, shared by the cluster";
                },
                config.jwt() == null ? "off" : "JWT");
        log.info("OpenTelemetry: {}", server.telemetry());
        if (config.web()) {
            InetAddress bound = server.address().getAddress();
            String host = bound.isAnyLocalAddress() ? "127.0.0.1" : bound.getHostAddress();
            log.info("web client: open {}://{}:{}/ in a browser", config.tls() != null ? "https" : "http",
                    host.contains(":") ? "[" + host + "]" : host, server.port());
        }
        if (server.adminAddress() != null) {
            log.info("admin listener on {}:{} (/metrics, /healthz, /readyz, moderation API {})",
                    server.adminAddress().getAddress().getHostAddress(), server.adminAddress().getPort(),
                    config.adminToken() == null ? "off: no CHAT_ADMIN_TOKEN" : "on /api/");
        }

        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        stop.await();
        server.markStopping();
        server.shutdown(SHUTDOWN_TIMEOUT);
        System.exit(0);
    }

    /**
     * CHAT_LOG sets my-chat's level (Netty's and Lettuce's own chatter stays quieter unless tracing); CHAT_LOG_FORMAT=json swaps
     * the console encoder for one JSON object per line.
     */
    private static void configureLogging(ServerConfig config) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(config.logLevel()));
        context.getLogger("io.netty").setLevel(config.logLevel().equals("trace") ? Level.DEBUG : Level.WARN);
        // Lettuce logs every command at debug; its reconnects at info are worth keeping
        context.getLogger("io.lettuce").setLevel(config.logLevel().equals("trace") ? Level.DEBUG : Level.INFO);
        context.getLogger("reactor").setLevel(Level.WARN);
        if (config.logJson()) {
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            encoder.setWithSequenceNumber(false);
            encoder.setWithContext(false);
            encoder.setWithNanoseconds(false);
            encoder.setWithMessage(false); // the formatted message is what log shippers want
            encoder.setWithArguments(false);
            encoder.setWithFormattedMessage(true);
            encoder.start();
            ConsoleAppender<ILoggingEvent> json = new ConsoleAppender<>();
            json.setContext(context);
            json.setName("json");
            json.setEncoder(encoder);
            json.start();
            // Adds the active span's trace_id and span_id (and trace_flags) to each line's mdc, when there is one.
            OpenTelemetryAppender traced = new OpenTelemetryAppender();
            traced.setContext(context);
            traced.setName("trace-ids");
            traced.addAppender(json);
            traced.start();
            root.detachAndStopAllAppenders();
            root.addAppender(traced);
        }
    }

    private static String usage() {
        return """
                my-chat server: room-based chat over WebSocket (ws://HOST:PORT/, subprotocol chat.v1)

                usage: my-chat-server [--help | --version]
                Configuration comes from environment variables (see README.md):
                  CHAT_ADDR                   listen address HOST:PORT          (default 0.0.0.0:9000)
                  CHAT_LOG                    trace|debug|info|warn|error        (default info)
                  CHAT_ROOM_BUFFER            messages (x 2 KiB) a member may lag (default 128)
                  CHAT_PING_INTERVAL          heartbeat interval: 30, 500ms, 30s (default 30s)
                  CHAT_SLOW_CONSUMER_TIMEOUT  how long a member may stay behind  (default 10s)
                  CHAT_IO_THREADS             event loop threads                 (default: CPU count)
                  CHAT_TRANSPORT              auto|epoll|nio                     (default auto)
                  CHAT_STORE                  sqlite|memory|redis                (default sqlite)
                  CHAT_REDIS_URL              redis://[user:pass@]host:port[/db] (with CHAT_STORE=redis)
                  CHAT_NODE_TIMEOUT           a silent cluster node is dead after (default 15s)
                  CHAT_DATA_DIR               where history.db lives             (default ./data)
                  CHAT_HISTORY_ON_JOIN        messages replayed on join          (default 50)
                  CHAT_HISTORY_MAX            messages kept per room             (default 10000)
                  CHAT_HISTORY_SYNC           normal|full (full: fsync each commit; default normal)
                  CHAT_ADMIN_ADDR             metrics/health listener, or off    (default 127.0.0.1:9001)
                  CHAT_LOG_FORMAT             text|json                          (default text)
                  CHAT_TLS_CERT, CHAT_TLS_KEY PEM certificate and key: wss://    (default off)
                  CHAT_JWT_SECRET             HS256 secret: tokens required      (default off)
                  CHAT_JWT_PUBLIC_KEY         PEM public key, RS256/ES256        (default off)
                  CHAT_JWT_LEEWAY, CHAT_JWT_GRACE  clock skew / expiry grace     (defaults 5s / 10s)
                  CHAT_RATE_MSGS(_BURST)      messages per second per connection (default 10, burst 20)
                  CHAT_RATE_REQUESTS(_BURST)  joins/lists/history per second     (default 20, burst 40)
                  CHAT_MAX_CONNECTIONS(_PER_IP)  connection caps, 0 = none       (default 0)
                  CHAT_ALLOWED_ORIGINS        browser origins allowed            (default any)
                  CHAT_HANDSHAKE_TIMEOUT      time to complete the upgrade       (default 10s)
                  OTEL_EXPORTER_OTLP_ENDPOINT OpenTelemetry: traces and metrics over OTLP/HTTP, with the other
                                              OTEL_* variables                   (default off)
                  CHAT_WEB                    on|off: the web client at /        (default on)
                Stop with Ctrl-C or SIGTERM: clients get Close 1001, exit code 0.""";
    }
}
