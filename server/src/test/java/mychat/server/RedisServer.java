package mychat.server;

import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} of the test's own, on a free loopback port with its data in a temporary directory. It can
 * be stopped, restarted on the same port (keeping or losing its data), frozen with SIGSTOP and thawed with SIGCONT,
 * and given commands ({@code CLIENT KILL TYPE pubsub}, {@code CONFIG SET …}) through a tiny RESP client.
 */
final class RedisServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path dir;
    private final int port;
    private final List<String> extraConfig;
    private boolean appendOnly;
    private Process process;

    private RedisServer(Path dir, int port, boolean appendOnly, List<String> extraConfig) {
        this.dir = dir;
        this.port = port;
        this.appendOnly = appendOnly;
        this.extraConfig = List.copyOf(extraConfig);
    }

    /** A Redis without persistence (what a cache-like deployment runs). */
    static RedisServer start() {
        return start(false);
    }

    /**
     * A Redis with the append-only file on ({@code appendfsync always}: what it acknowledged survives kill -9) or
     * without any persistence. {@code extraConfig} are more {@code --name value} arguments.
     */
    static RedisServer start(boolean appendOnly, String... extraConfig) {
        try {
            Path dir = Files.createTempDirectory("mychat-redis-");
            RedisServer redis = new RedisServer(dir, freePort(), appendOnly, List.of(extraConfig));
            redis.launch();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    /** The URL a node is given in {@code CHAT_REDIS_URL}. */
    String url() {
        return "redis://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** Shuts Redis down the way an operator does ({@code SHUTDOWN}: the append-only file is flushed first). */
    void stop() {
        try {
            command("SHUTDOWN");
        } catch (RespException | UncheckedIOException expected) {
            // the connection ends with the server; a refusal is reported by the wait below
        }
        awaitExit();
    }

    /** Ends Redis with SIGKILL: no flush beyond what {@code appendfsync} already wrote. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /**
     * Stops Redis if it runs and starts it again on the same port. With {@code keepData} it reads its files
     * back; without, the directory is emptied and it starts with no data and no persistence.
     */
    void restart(boolean keepData) {
        if (process.isAlive()) {
            stop();
        }
        if (!keepData) {
            deleteContents(dir);
            appendOnly = false;
        }
        launch();
    }

    /** Freezes the process (SIGSTOP): connections stay open, nothing is answered. */
    void pause() {
        Signals.send(process.pid(), "STOP");
        Signals.awaitStopped(process.pid());
    }

    /** Thaws a paused process (SIGCONT). */
    void resume() {
        Signals.send(process.pid(), "CONT");
    }

    /** Runs one command on a fresh connection and returns its reply (String, Long, List, or null). */
    Object command(String... args) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write(Resp.encode(args));
            out.flush();
            return Resp.read(new BufferedInputStream(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String output() {
        try {
            return Files.readString(dir.resolve("redis.out"));
        } catch (IOException e) {
            return "";
        }
    }

    /** The server's log, for a failing test's message. */
    String log() {
        try {
            Path log = dir.resolve("redis.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            Signals.send(process.pid(), "CONT"); // a paused process cannot act on SIGKILL's cleanup otherwise
            process.destroyForcibly();
            awaitExit();
        }
        deleteContents(dir);
        try {
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--logfile", "redis.log", "--daemonize", "no",
                "--save", "", "--protected-mode", "no"));
        if (appendOnly) {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            command.addAll(List.of("--appendonly", "no"));
        }
        command.addAll(extraConfig);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.out").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            await("redis-server on port " + port + " answers PING").atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(20)).ignoreExceptions().failFast(() -> !process.isAlive())
                    .until(() -> "PONG".equals(command("PING")));
        } catch (RuntimeException e) {
            throw new AssertionError("redis-server did not start:\n" + output() + log(), e);
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("redis-server did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String binary() {
        for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(":")) {
            Path candidate = Path.of(entry, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("redis-server is not installed: apt-get install redis-server (.ci/run does this)");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteContents(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An error reply from Redis. */
    static final class RespException extends RuntimeException {
        RespException(String message) {
            super(message);
        }
    }

    /** The Redis serialization protocol, just enough for test commands. */
    private static final class Resp {
        static byte[] encode(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                out.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(bytes);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            return out.toByteArray();
        }

        static Object read(InputStream in) throws IOException {
            int type = in.read();
            String line = line(in);
            return switch (type) {
                case '+' -> line;
                case '-' -> throw new RespException(line);
                case ':' -> Long.parseLong(line);
                case '$' -> {
                    int length = Integer.parseInt(line);
                    if (length < 0) {
                        yield null;
                    }
                    byte[] data = in.readNBytes(length);
                    line(in);
                    yield new String(data, StandardCharsets.UTF_8);
                }
                case '*' -> {
                    int count = Integer.parseInt(line);
                    if (count < 0) {
                        yield null;
                    }
                    List<Object> items = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        items.add(read(in));
                    }
                    yield items;
                }
                case -1 -> throw new IOException("connection closed by redis-server");
                default -> throw new IOException("unexpected RESP type " + (char) type);
            };
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new IOException("connection closed by redis-server");
                }
                if (b != '\r') {
                    out.write(b);
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
