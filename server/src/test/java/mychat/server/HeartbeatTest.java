package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pings while a peer is silent; a peer that does not answer for two intervals is closed. */
class HeartbeatTest {
    private static final Duration PING = Duration.ofMillis(200);
    private static ChatServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = ChatServer.start(ServerConfig.forTests().withPingInterval(PING));
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void silentPeerIsPingedThenClosedWhileAnAnsweringPeerStays() throws IOException {
        try (TestClient answering = TestClient.connect(port); // the JDK client answers pings by itself
             RawWebSocket silent = RawWebSocket.open(port)) {
            long start = System.nanoTime();
            RawWebSocket.Frame first = silent.readFrame();
            assertThat(first.opcode()).isEqualTo(RawWebSocket.OP_PING);
            RawWebSocket.Frame close = silent.readUntil(RawWebSocket.OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(1001);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(PING.multipliedBy(2));
            // Connected earlier than the silent peer, so it lived through the same intervals: still served.
            answering.expectNothingMoreThenRoomList();
            assertThat(answering.isClosed()).isFalse();
        }
    }

    @Test
    void peerThatAnswersPingsOnlyIsKeptAlive() throws IOException {
        try (RawWebSocket peer = RawWebSocket.open(port)) {
            for (int i = 0; i < 4; i++) {
                RawWebSocket.Frame ping = peer.readFrame();
                assertThat(ping.opcode()).isEqualTo(RawWebSocket.OP_PING);
                peer.sendFrame(true, RawWebSocket.OP_PONG, ping.payload());
            }
            peer.sendText("{\"type\":\"ListRooms\"}");
            assertThat(peer.readUntil(RawWebSocket.OP_TEXT).text()).contains("RoomList");
        }
    }
}
