package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as a separate process: exit codes, signals, and what it prints. */
class ServerProcessTest {

    @Test
    void badConfigurationExitsWith2AndNamesEveryBadVariable() throws Exception {
        try (ServerProcess server = ServerProcess.launch(Map.of("CHAT_ROOM_BUFFER", "lots", "CHAT_LOG", "chatty"))) {
            assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process.exitValue()).isEqualTo(2);
            assertThat(server.stderr()).contains("CHAT_ROOM_BUFFER='lots'").contains("CHAT_LOG='chatty'");
        }
    }

    @Test
    void corruptHistoryDatabaseExitsWith2AndNamesTheFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("history.db"), "this is not a database, it is a shopping list\n".repeat(200));
        try (ServerProcess server = ServerProcess.launch(Map.of("CHAT_ADDR", "127.0.0.1:0",
                "CHAT_DATA_DIR", dir.toString()))) {
            assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process.exitValue()).isEqualTo(2);
            assertThat(server.stderr()).contains(dir.resolve("history.db").toString()).doesNotContain("\tat ");
        }
    }

    @Test
    void jsonLogFormatPrintsOneJsonObjectPerLine() throws Exception {
        try (ServerProcess server = ServerProcess.launch(Map.of("CHAT_ADDR", "127.0.0.1:0", "CHAT_STORE", "memory",
                "CHAT_LOG_FORMAT", "json"))) {
            String line = server.awaitLine("listening on");
            assertThat(line).startsWith("{").endsWith("}").contains("\"level\":\"INFO\"")
                    .contains("\"formattedMessage\":\"my-chat listening on 127.0.0.1:");
        }
    }

    @Test
    void unusableTlsFilesExitWith2AndSayWhy(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "not a certificate");
        Path key = Files.writeString(dir.resolve("key.pem"), "not a key");
        try (ServerProcess server = ServerProcess.launch(Map.of("CHAT_ADDR", "127.0.0.1:0", "CHAT_STORE", "memory",
                "CHAT_TLS_CERT", cert.toString(), "CHAT_TLS_KEY", key.toString()))) {
            assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process.exitValue()).isEqualTo(2);
            assertThat(server.stderr()).contains("cert.pem").doesNotContain("\tat ");
        }
    }

    @Test
    void sigtermClosesEveryClientWith1001AndExitsZeroWithinFiveSeconds(@TempDir Path dir) throws Exception {
        try (ServerProcess process = ServerProcess.launch(Map.of("CHAT_ADDR", "127.0.0.1:0",
                "CHAT_DATA_DIR", dir.toString()))) {
            Process server = process.process;
            Matcher listening = process.awaitListening();
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
        }
    }

    @Test
    void addressInUseIsAClearErrorNotAStackTrace() throws Exception {
        try (ChatServer occupant = ChatServer.start(ServerConfig.forTests())) {
            try (ServerProcess server = ServerProcess.launch(Map.of("CHAT_ADDR", "127.0.0.1:" + occupant.port(),
                    "CHAT_STORE", "memory"))) {
                assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(server.process.exitValue()).isEqualTo(1);
                assertThat(server.stderr()).contains("cannot listen on 127.0.0.1:" + occupant.port())
                        .doesNotContain("\tat ");
            }
        }
    }
}
