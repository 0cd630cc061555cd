package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/** The admin listener: health, readiness and metrics that match the traffic. */
class AdminListenerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(ChatServer server, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.adminAddress().getPort() + path);
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of an unlabelled sample in Prometheus text. */
    private static double sample(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(scrape);
        assertThat(m.find()).as("sample %s in the scrape", name).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static ChatServer withAdmin(Map<String, String> more) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(more);
        env.put("CHAT_ADMIN_ADDR", "127.0.0.1:0");
        return ChatServer.start(ServerConfig.forTests(env));
    }

    @Test
    void healthAndReadinessAnswerAndReadinessFlipsWhenStopping() throws Exception {
        try (ChatServer server = withAdmin(Map.of())) {
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(server, "/readyz");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("ready");
            assertThat(get(server, "/nope").statusCode()).isEqualTo(404);

            server.markStopping();
            assertThat(get(server, "/readyz").statusCode()).isEqualTo(503);
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void metricsMatchTheTrafficTheTestGenerated() throws Exception {
        try (ChatServer server = withAdmin(Map.of("CHAT_RATE_MSGS", "100", "CHAT_RATE_MSGS_BURST", "3"));
             TestClient alice = TestClient.joined(server.port(), "metrics", "alice");
             TestClient bob = TestClient.joined(server.port(), "metrics", "bob")) {
            alice.expect(ServerEvent.UserJoined.class);
            for (int i = 0; i < 3; i++) {
                alice.say("hello " + i);
                alice.expect(ServerEvent.Message.class);
                bob.expect(ServerEvent.Message.class);
            }
            try (RawWebSocket plain = RawWebSocket.tcp(server.port())) {
                plain.writeRaw("garbage\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                plain.readToEnd();
            }
            HttpResponse<String> response = get(server, "/metrics");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
            String scrape = response.body();
            assertThat(sample(scrape, "chat_messages_received_total")).isEqualTo(3);
            assertThat(sample(scrape, "chat_messages_delivered_total")).isEqualTo(6);
            assertThat(sample(scrape, "chat_sessions")).isEqualTo(2);
            assertThat(sample(scrape, "chat_rooms")).isEqualTo(1);
            assertThat(sample(scrape, "chat_members")).isEqualTo(2);
            assertThat(sample(scrape, "chat_messages_dropped_total")).isZero();
            assertThat(sample(scrape, "chat_broadcast_latency_seconds_count")).isEqualTo(3);
            assertThat(sample(scrape, "chat_received_bytes_total")).isPositive();
            assertThat(sample(scrape, "chat_sent_bytes_total")).isPositive();
            assertThat(scrape).contains("chat_handshake_failures_total{reason=\"malformed\"} 1.0")
                    .contains("chat_history_write_latency_seconds_bucket")
                    .contains("jvm_memory_used_bytes")
                    .contains("netty_allocator_used_direct_memory_bytes")
                    .doesNotContain("alice").doesNotContain("room=\"metrics\"");
        }
    }

    @Test
    void authFailuresAndRateLimitsAreCountedByReason() throws Exception {
        try (ChatServer server = withAdmin(Map.of("CHAT_JWT_SECRET", Tokens.SECRET,
                "CHAT_RATE_REQUESTS", "1", "CHAT_RATE_REQUESTS_BURST", "1"))) {
            try (RawWebSocket raw = RawWebSocket.tcp(server.port())) {
                raw.writeRaw(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                        + "Authorization: Bearer nonsense\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertThat(raw.readHttpHead()).startsWith("HTTP/1.1 401");
            }
            String token = Tokens.hs256(Tokens.claims("counted", java.time.Instant.now().plusSeconds(3600)).build());
            try (TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"), null,
                    HTTP, Map.of("Authorization", "Bearer " + token))) {
                client.send(new mychat.protocol.ClientRequest.ListRooms());
                client.send(new mychat.protocol.ClientRequest.ListRooms());
                client.expect(ServerEvent.RoomList.class);
                client.expectError(mychat.protocol.ErrorCode.RATE_LIMITED);
            }
            String scrape = get(server, "/metrics").body();
            assertThat(scrape).contains("chat_auth_failures_total{reason=\"malformed\"} 1.0")
                    .contains("chat_handshake_failures_total{reason=\"auth\"} 1.0");
            assertThat(sample(scrape, "chat_rate_limited_requests_total")).isEqualTo(1);
        }
    }
}
