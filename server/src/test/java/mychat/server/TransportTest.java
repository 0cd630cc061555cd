package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mychat.protocol.ClientRequest;
import mychat.protocol.Codec;
import mychat.protocol.Decoded;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The transport edge: HTTP answers, frame types, size limits and hostile bytes, over bare sockets. */
class TransportTest {
    @RegisterExtension
    static final RunningServer running = new RunningServer();

    @Test
    void plainHttpRequestToTheSocketPathGetsUpgradeRequiredAndIsClosed() throws IOException {
        try (RawWebSocket raw = RawWebSocket.tcp(running.port())) {
            raw.writeRaw("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = raw.readToEnd();
            assertThat(response).startsWith("HTTP/1.1 426 Upgrade Required\r\n").contains("upgrade: websocket")
                    .contains("my-chat");
        }
    }

    @Test
    void unknownPathIsNotFound() throws IOException {
        try (RawWebSocket raw = RawWebSocket.tcp(running.port())) {
            raw.writeRaw("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(raw.readToEnd()).startsWith("HTTP/1.1 404 Not Found\r\n");
        }
    }

    @Test
    void upgradeWithoutKeyIsBadRequest() throws IOException {
        try (RawWebSocket raw = RawWebSocket.tcp(running.port())) {
            raw.writeRaw(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(raw.readToEnd()).startsWith("HTTP/1.1 400 Bad Request\r\n");
        }
    }

    @Test
    void garbageBytesInsteadOfAHandshakeGetBadRequestAndTheServerKeepsServing() throws IOException {
        try (RawWebSocket raw = RawWebSocket.tcp(running.port())) {
            byte[] garbage = new byte[4096];
            new java.util.Random(7).nextBytes(garbage);
            raw.writeRaw(garbage);
            raw.writeRaw("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(raw.readToEnd()).startsWith("HTTP/1.1 400 Bad Request\r\n");
        }
        try (RawWebSocket raw = RawWebSocket.tcp(running.port())) {
            raw.writeRaw("GET / HTTP/1.1\r\nHost: x\r\nUpgr".getBytes(StandardCharsets.US_ASCII));
            raw.socket.setSoLinger(true, 0); // reset mid-handshake
        }
        try (TestClient client = TestClient.connect(running.port())) {
            client.expectNothingMoreThenRoomList();
        }
    }

    @Test
    void binaryFrameClosesWith1003() throws IOException {
        try (RawWebSocket raw = RawWebSocket.open(running.port())) {
            raw.sendFrame(true, RawWebSocket.OP_BINARY, new byte[] {1, 2, 3});
            assertThat(raw.readUntil(RawWebSocket.OP_CLOSE).closeCode()).isEqualTo(1003);
        }
    }

    @Test
    void binaryFrameFromAStandardClientClosesWith1003() {
        try (TestClient client = TestClient.connect(running.port())) {
            client.sendBinary(new byte[] {'{', '}'});
            assertThat(client.awaitCloseCode()).isEqualTo(1003);
        }
    }

    @Test
    void messageOver64KiBClosesWith1009AndTheClientReceivesTheCloseFrame() throws Exception {
        try (RawWebSocket raw = RawWebSocket.open(running.port())) {
            byte[] big = new byte[64 * 1024 + 1];
            Arrays.fill(big, (byte) 'a');
            // Send while the server may already be closing: it must drain our input, not reset the connection.
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 8; i++) {
                        raw.sendFrame(true, RawWebSocket.OP_TEXT, big);
                    }
                } catch (IOException ignored) {
                    // the server may close once it has drained; the assertion below is what matters
                }
            });
            assertThat(raw.readUntil(RawWebSocket.OP_CLOSE).closeCode()).isEqualTo(1009);
            sending.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void fragmentedMessageOver64KiBClosesWith1009() throws IOException {
        try (RawWebSocket raw = RawWebSocket.open(running.port())) {
            byte[] part = new byte[40 * 1024];
            Arrays.fill(part, (byte) 'b');
            raw.sendFrame(false, RawWebSocket.OP_TEXT, part);
            raw.sendFrame(true, 0x0, part);
            assertThat(raw.readUntil(RawWebSocket.OP_CLOSE).closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void fragmentedMessageUnderTheLimitIsReassembled() throws IOException {
        try (RawWebSocket raw = RawWebSocket.open(running.port())) {
            byte[] json = Codec.encode(new ClientRequest.ListRooms());
            raw.sendFrame(false, RawWebSocket.OP_TEXT, Arrays.copyOfRange(json, 0, 5));
            raw.sendFrame(true, RawWebSocket.OP_PING, new byte[] {9}); // control frames may interleave
            raw.sendFrame(true, 0x0, Arrays.copyOfRange(json, 5, json.length));
            assertThat(raw.readUntil(RawWebSocket.OP_PONG).payload()).containsExactly(9);
            RawWebSocket.Frame answer = raw.readUntil(RawWebSocket.OP_TEXT);
            assertThat(Codec.decodeEvent(answer.text())).isInstanceOf(Decoded.Ok.class);
            assertThat(((Decoded.Ok<ServerEvent>) Codec.decodeEvent(answer.text())).value())
                    .isInstanceOf(ServerEvent.RoomList.class);
        }
    }

    @Test
    void invalidUtf8ClosesWith1007() throws IOException {
        try (RawWebSocket raw = RawWebSocket.open(running.port())) {
            raw.sendFrame(true, RawWebSocket.OP_TEXT, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
            assertThat(raw.readUntil(RawWebSocket.OP_CLOSE).closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void clientCloseIsAnsweredWithTheSameCode() throws IOException {
        try (RawWebSocket raw = RawWebSocket.open(running.port())) {
            raw.sendFrame(true, RawWebSocket.OP_CLOSE, new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'});
            assertThat(raw.readUntil(RawWebSocket.OP_CLOSE).closeCode()).isEqualTo(1000);
            assertThat(raw.input().read()).isEqualTo(-1);
        }
    }

    @Test
    void abruptDisconnectIsAnnouncedAndTheServerKeepsServing() throws IOException {
        String room = "abrupt";
        try (TestClient witness = TestClient.joined(running.port(), room, "witness")) {
            RawWebSocket raw = RawWebSocket.open(running.port());
            raw.sendText(Codec.encodeToString(new ClientRequest.Join(room, "ghost")));
            assertThat(witness.expect(ServerEvent.UserJoined.class).nick()).isEqualTo("ghost");
            raw.socket.setSoLinger(true, 0);
            raw.close(); // TCP reset, no Close frame
            assertThat(witness.expect(ServerEvent.UserLeft.class).nick()).isEqualTo("ghost");
            witness.say("still alive");
            assertThat(witness.expect(ServerEvent.Message.class).text()).isEqualTo("still alive");
        }
    }
}
