package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/** The server as a separate process: exit codes, signals, and what it prints. */
class ServerProcessTest {
    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:(\\d+) \\(transport (\\w+)");

    @Test
    void badConfigurationExitsWith2AndNamesEveryBadVariable() throws Exception {
        Process server = launch(Map.of("CHAT_ROOM_BUFFER", "lots", "CHAT_LOG", "chatty"));
        assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String stderr = new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(server.exitValue()).isEqualTo(2);
        assertThat(stderr).contains("CHAT_ROOM_BUFFER='lots'").contains("CHAT_LOG='chatty'");
    }

    @Test
    void sigtermClosesEveryClientWith1001AndExitsZeroWithinFiveSeconds() throws Exception {
        Process server = launch(Map.of("CHAT_ADDR", "127.0.0.1:0"));
        try {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> pump(server, lines));
            Matcher listening = awaitLine(lines, LISTENING);
            assertThat(listening.group(2)).isEqualTo(io.netty.channel.epoll.Epoll.isAvailable() ? "epoll" : "nio");
            int port = Integer.parseInt(listening.group(1));
            try (TestClient a = TestClient.joined(port, "r", "a");
                 TestClient b = TestClient.joined(port, "r", "b")) {
                a.expect(ServerEvent.UserJoined.class);
                long start = System.nanoTime();
                server.destroy(); // SIGTERM
                assertThat(a.awaitCloseCode()).isEqualTo(1001);
                assertThat(b.awaitCloseCode()).isEqualTo(1001);
                assertThat(server.waitFor(5, TimeUnit.SECONDS)).as("exited within 5 s").isTrue();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
                assertThat(server.exitValue()).isZero();
            }
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void addressInUseIsAClearErrorNotAStackTrace() throws Exception {
        try (ChatServer occupant = ChatServer.start(ServerConfig.forTests())) {
            Process server = launch(Map.of("CHAT_ADDR", "127.0.0.1:" + occupant.port()));
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String stderr = new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(server.exitValue()).isEqualTo(1);
            assertThat(stderr).contains("cannot listen on 127.0.0.1:" + occupant.port()).doesNotContain("\tat ");
        }
    }

    static Process launch(Map<String, String> env) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        pb.environment().keySet().removeIf(k -> k.startsWith("CHAT_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    private static void pump(Process process, BlockingQueue<String> lines) {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // process ended
        }
    }

    private static Matcher awaitLine(BlockingQueue<String> lines, Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        throw new AssertionError("the server never printed a line matching " + pattern);
    }
}
