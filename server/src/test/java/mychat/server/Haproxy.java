package mychat.server;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy in front of three nodes, run with the repository's example configuration
 * ({@code examples/cluster/haproxy.cfg}: round robin, no stickiness, {@code /readyz} health checks) and the ports
 * given through the environment variables that configuration reads ({@code LB_PORT}, {@code NODEn_PORT},
 * {@code NODEn_ADMIN_PORT}).
 */
final class Haproxy implements AutoCloseable {
    static final String CONFIG = "examples/cluster/haproxy.cfg";

    private final Process process;
    private final int port;
    private final Path output;

    private Haproxy(Process process, int port, Path output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** Starts HAProxy in front of the nodes (exactly three) and waits until it accepts connections. */
    static Haproxy start(List<ClusterNode> nodes) {
        if (nodes.size() != 3) {
            throw new IllegalArgumentException("the example configuration balances three nodes");
        }
        int port = RedisServer.freePort();
        try {
            Path output = Files.createTempFile("mychat-haproxy-", ".log");
            ProcessBuilder pb = new ProcessBuilder(binary(), "-db", "-f", config().toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            pb.environment().put("LB_HOST", "127.0.0.1");
            pb.environment().put("LB_PORT", Integer.toString(port));
            for (int i = 0; i < nodes.size(); i++) {
                pb.environment().put("NODE" + (i + 1) + "_PORT", Integer.toString(nodes.get(i).port()));
                pb.environment().put("NODE" + (i + 1) + "_ADMIN_PORT", Integer.toString(nodes.get(i).adminPort()));
            }
            Haproxy haproxy = new Haproxy(pb.start(), port, output);
            try {
                await("haproxy accepts connections on " + port).atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(20)).failFast(() -> !haproxy.process.isAlive())
                        .until(haproxy::accepts);
            } catch (RuntimeException e) {
                haproxy.close();
                throw new AssertionError("haproxy did not start:\n" + haproxy.output(), e);
            }
            return haproxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + port + "/");
    }

    /** What HAProxy printed, for a failing test's message. */
    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(output);
        } catch (IOException ignored) {
            // a temporary file left behind is harmless
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The example configuration, found from the module's directory (Maven runs tests in {@code server/}). */
    private static Path config() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(CONFIG);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(CONFIG + " not found above " + Path.of("").toAbsolutePath());
    }

    private static String binary() {
        for (String candidate : List.of("/usr/sbin/haproxy", "/usr/local/sbin/haproxy", "/usr/bin/haproxy")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("haproxy is not installed: apt-get install haproxy (.ci/run does this)");
    }
}
