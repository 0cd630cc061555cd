package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/** Rate limits, connection caps, origin checks and the handshake timeout, seen from real sockets. */
class AbuseLimitsTest {

    private static String upgradeRequest(int port, String extraHeaders) {
        return "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders
                + "\r\n";
    }

    private static String statusLine(int port, String extraHeaders) throws IOException {
        try (RawWebSocket raw = RawWebSocket.tcp(port)) {
            raw.writeRaw(upgradeRequest(port, extraHeaders).getBytes(StandardCharsets.US_ASCII));
            String head = raw.readHttpHead();
            return head.substring(0, head.indexOf("\r\n"));
        }
    }

    @Test
    void messagesOverTheRateAreRefusedWithRetryAfterAndNothingIsBroadcast() throws Exception {
        try (ChatServer server = ChatServer.start(ServerConfig.forTests(Map.of("CHAT_RATE_MSGS", "2",
                "CHAT_RATE_MSGS_BURST", "3")));
             TestClient fast = TestClient.joined(server.port(), "r", "fast");
             TestClient witness = TestClient.joined(server.port(), "r", "witness")) {
            fast.expect(ServerEvent.UserJoined.class);
            for (int i = 0; i < 6; i++) {
                fast.say("line " + i);
            }
            int accepted = 0;
            int refused = 0;
            while (accepted + refused < 6) {
                switch (fast.next()) {
                    case ServerEvent.Message m -> accepted++;
                    case ServerEvent.Error e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                        assertThat(e.retryAfterMs()).isPositive().isLessThanOrEqualTo(1000);
                        refused++;
                    }
                    default -> { }
                }
            }
            assertThat(refused).isPositive();
            for (int i = 0; i < accepted; i++) {
                witness.expect(ServerEvent.Message.class);
            }
            witness.expectNothingMoreThenRoomList(); // the refused lines reached nobody
        }
    }

    @Test
    void joinsListsAndHistoryShareALooserBucket() throws Exception {
        try (ChatServer server = ChatServer.start(ServerConfig.forTests(Map.of("CHAT_RATE_REQUESTS", "1",
                "CHAT_RATE_REQUESTS_BURST", "2")));
             TestClient client = TestClient.connect(server.port())) {
            client.send(new ClientRequest.ListRooms());
            client.send(new ClientRequest.ListRooms());
            client.send(new ClientRequest.ListRooms());
            client.expect(ServerEvent.RoomList.class);
            client.expect(ServerEvent.RoomList.class);
            assertThat(client.expectError(ErrorCode.RATE_LIMITED).retryAfterMs()).isPositive();
            client.send(new ClientRequest.Leave()); // not rate limited at all
            client.expectError(ErrorCode.NOT_IN_ROOM);
        }
    }

    @Test
    void aConnectionThatKeepsHammeringIsClosedWith1008() throws Exception {
        try (ChatServer server = ChatServer.start(ServerConfig.forTests(Map.of("CHAT_RATE_MSGS", "1",
                "CHAT_RATE_MSGS_BURST", "1")));
             TestClient hammer = TestClient.joined(server.port(), "r", "hammer")) {
            for (int i = 0; i < 60 && !hammer.isClosed(); i++) {
                hammer.say("spam " + i);
            }
            assertThat(hammer.awaitCloseCode()).isEqualTo(1008);
        }
    }

    @Test
    void serverWideConnectionCapAnswers503AtTheHandshake() throws Exception {
        try (ChatServer server = ChatServer.start(ServerConfig.forTests(Map.of("CHAT_MAX_CONNECTIONS", "2")));
             TestClient one = TestClient.connect(server.port());
             TestClient two = TestClient.connect(server.port())) {
            assertThat(statusLine(server.port(), "")).isEqualTo("HTTP/1.1 503 Service Unavailable");
            one.close();
            org.awaitility.Awaitility.await().atMost(TestClient.TIMEOUT).untilAsserted(() ->
                    assertThat(statusLine(server.port(), "")).startsWith("HTTP/1.1 101"));
            two.expectNothingMoreThenRoomList();
        }
    }

    @Test
    void perAddressConnectionCapAnswers429AtTheHandshake() throws Exception {
        try (ChatServer server = ChatServer.start(ServerConfig.forTests(Map.of("CHAT_MAX_CONNECTIONS_PER_IP", "1")));
             TestClient one = TestClient.connect(server.port())) {
            assertThat(statusLine(server.port(), "")).isEqualTo("HTTP/1.1 429 Too Many Requests");
            one.expectNothingMoreThenRoomList();
        }
    }

    @Test
    void handshakesFromOriginsOutsideTheListAreRefusedWith403() throws Exception {
        try (ChatServer server = ChatServer.start(ServerConfig.forTests(Map.of("CHAT_ALLOWED_ORIGINS",
                "https://chat.example.com, https://other.example.com")))) {
            int port = server.port();
            assertThat(statusLine(port, "Origin: https://evil.example.net\r\n")).isEqualTo("HTTP/1.1 403 Forbidden");
            assertThat(statusLine(port, "Origin: https://chat.example.com\r\n")).startsWith("HTTP/1.1 101");
            assertThat(statusLine(port, "Origin: HTTPS://OTHER.example.com\r\n")).startsWith("HTTP/1.1 101");
            assertThat(statusLine(port, "")).as("no Origin: not a browser").startsWith("HTTP/1.1 101");
        }
    }

    @Test
    void theServersOwnPageIsAlwaysAllowedAndOnlyWhileItIsServed() throws Exception {
        Map<String, String> env = Map.of("CHAT_ALLOWED_ORIGINS", "https://chat.example.com");
        try (ChatServer server = ChatServer.start(ServerConfig.forTests(env))) {
            int port = server.port();
            assertThat(statusLine(port, "Origin: http://127.0.0.1:" + port + "\r\n"))
                    .as("the page's origin names the host and port asked").startsWith("HTTP/1.1 101");
            assertThat(statusLine(port, "Origin: https://127.0.0.1:" + port + "\r\n"))
                    .as("the page behind a proxy that terminates TLS").startsWith("HTTP/1.1 101");
            assertThat(statusLine(port, "Origin: http://127.0.0.1:" + (port + 1) + "\r\n"))
                    .as("another port is another origin").isEqualTo("HTTP/1.1 403 Forbidden");
            assertThat(statusLine(port, "Origin: http://localhost:" + port + "\r\n"))
                    .as("another host name is another origin").isEqualTo("HTTP/1.1 403 Forbidden");
        }
        Map<String, String> off = new java.util.HashMap<>(env);
        off.put("CHAT_WEB", "off");
        try (ChatServer server = ChatServer.start(ServerConfig.forTests(off))) {
            int port = server.port();
            assertThat(statusLine(port, "Origin: http://127.0.0.1:" + port + "\r\n"))
                    .as("no page is served, so none is let in").isEqualTo("HTTP/1.1 403 Forbidden");
        }
    }

    @Test
    void aConnectionThatDoesNotUpgradeInTimeIsClosed() throws Exception {
        try (ChatServer server = ChatServer.start(ServerConfig.forTests(Map.of("CHAT_HANDSHAKE_TIMEOUT", "300ms")));
             RawWebSocket slow = RawWebSocket.tcp(server.port())) {
            slow.writeRaw("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)); // never finished
            assertThat(slow.input().read()).as("closed by the server").isEqualTo(-1);
            try (TestClient fine = TestClient.connect(server.port())) {
                fine.expectNothingMoreThenRoomList();
            }
        }
    }
}
