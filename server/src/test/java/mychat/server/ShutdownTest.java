package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: every client is told 1001, and the server is gone within the budget. */
class ShutdownTest {

    @Test
    void shutdownSendsGoingAwayToEveryClientAndFinishesInTime() throws Exception {
        ChatServer server = ChatServer.start(ServerConfig.forTests());
        try (TestClient a = TestClient.joined(server.port(), "r", "a");
             TestClient b = TestClient.joined(server.port(), "r", "b");
             TestClient idle = TestClient.connect(server.port())) {
            a.expect(ServerEvent.UserJoined.class);
            idle.expectNothingMoreThenRoomList();
            long start = System.nanoTime();
            server.shutdown(Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(a.awaitCloseCode()).isEqualTo(1001);
            assertThat(b.awaitCloseCode()).isEqualTo(1001);
            assertThat(idle.awaitCloseCode()).isEqualTo(1001);
        }
    }
}
