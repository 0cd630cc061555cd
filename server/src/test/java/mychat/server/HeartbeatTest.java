package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pings while a peer is silent; a peer that does not answer for two intervals is closed. */
class HeartbeatTest {
    private static final Duration PING = Duration.ofMillis(200);
    @RegisterExtension
    static final RunningServer running = new RunningServer(
            java.util.Map.of("CHAT_PING_INTERVAL", PING.toMillis() + "ms"));

    @Test
    void silentPeerIsPingedThenClosedWhileAnAnsweringPeerStays() throws IOException {
        // The JDK client answers pings by itself; the raw one does not.
        try (TestClient answering = TestClient.connect(running.port());
             RawWebSocket silent = RawWebSocket.open(running.port())) {
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
        try (RawWebSocket peer = RawWebSocket.open(running.port())) {
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
