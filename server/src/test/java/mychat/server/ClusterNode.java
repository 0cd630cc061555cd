package mychat.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One node of a test cluster: a server JVM of its own, so it can be killed, frozen and thawed like a real one. */
final class ClusterNode implements AutoCloseable {
    private static final Pattern ADMIN = Pattern.compile("admin listener on [^ ]+:(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Small heaps and the serial collector: three nodes and the tests share two cores. */
    private static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    final String name;
    private final ServerProcess process;
    private int port;
    private int adminPort;
    private boolean paused;

    private ClusterNode(String name, ServerProcess process) {
        this.name = name;
        this.process = process;
    }

    /** Launches a node; call {@link #awaitStarted} before using it (several nodes start side by side). */
    static ClusterNode launch(String name, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of("CHAT_ADDR", "127.0.0.1:0", "CHAT_ADMIN_ADDR", "127.0.0.1:0",
                "CHAT_RATE_MSGS", "0", "CHAT_RATE_REQUESTS", "0", "CHAT_ROOM_BUFFER", "100000",
                "CHAT_IO_THREADS", "2"));
        all.putAll(env);
        try {
            return new ClusterNode(name, ServerProcess.launch(all, JVM_OPTIONS, true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ClusterNode awaitStarted() {
        try {
            port = process.awaitPort();
            Matcher admin = ADMIN.matcher(process.awaitLine("admin listener on"));
            if (!admin.find()) {
                throw new AssertionError(name + " printed no admin port");
            }
            adminPort = Integer.parseInt(admin.group(1));
            return this;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (AssertionError e) {
            throw new AssertionError(name + " did not start: " + e.getMessage() + "\n" + process.transcript(), e);
        }
    }

    int port() {
        return port;
    }

    int adminPort() {
        return adminPort;
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + port + "/");
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.process.isAlive();
    }

    /** The HTTP status of the admin listener's {@code /readyz} (200 ready, 503 not ready). */
    int readyz() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/readyz"))
                    .timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** kill -9: no shutdown hook, sockets reset by the kernel. */
    void kill() {
        process.signal("KILL");
        try {
            if (!process.process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** SIGSTOP: the process freezes with its connections open (a long GC pause, a VM migration). */
    void pause() {
        process.signal("STOP");
        paused = true;
    }

    /** SIGCONT. */
    void resume() {
        process.signal("CONT");
        paused = false;
    }

    /** Everything the node printed. */
    String transcript() {
        return process.transcript();
    }

    @Override
    public void close() {
        if (paused && isAlive()) {
            resume();
        }
        process.close();
    }
}
