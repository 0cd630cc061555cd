package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The moderation API refuses what it must: no token configured, a missing or wrong token, bad input. */
class AdminApiRefusalsTest {
    @RegisterExtension
    static final RunningServer server = new RunningServer(Map.of("CHAT_ADMIN_ADDR", "127.0.0.1:0",
            "CHAT_ADMIN_TOKEN", AdminHttp.TOKEN));

    private final AdminHttp admin = new AdminHttp(server.server());

    @Test
    void aMissingOrWrongTokenIsRefused401AndChangesNothing() {
        String room = server.freshRoom();
        try (TestClient bob = TestClient.joined(server.port(), room, "bob")) {
            for (AdminHttp intruder : List.of(new AdminHttp(server.server(), null),
                    new AdminHttp(server.server(), "wrong-token-0123456789"))) {
                HttpResponse<String> kick = intruder.post("/api/rooms/" + room + "/kick", "{\"nick\":\"bob\"}");
                assertThat(kick.statusCode()).isEqualTo(401);
                assertThat(kick.headers().firstValue("www-authenticate")).contains("Bearer");
                assertThat(intruder.get("/api/bans").statusCode()).isEqualTo(401);
            }
            assertThat(bob.expectNothingMoreThenRoomList()).contains(room);
        }
    }

    @Test
    void badInputIsAClearErrorAndChangesNothing() {
        String room = server.freshRoom();
        try (TestClient bob = TestClient.joined(server.port(), room, "bob")) {
            String kick = "/api/rooms/" + room + "/kick";
            assertThat(admin.post("/api/rooms/no-such-room/notice", "{\"text\":\"hi\"}").statusCode())
                    .isEqualTo(404);
            assertThat(admin.post("/api/rooms/no-such-room/kick", "{\"nick\":\"bob\"}").statusCode())
                    .isEqualTo(404);
            HttpResponse<String> malformed = admin.post(kick, "{\"nick\":");
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(malformed.body()).contains("malformed JSON");
            assertThat(admin.post(kick, "[1,2]").statusCode()).isEqualTo(400);
            assertThat(admin.post(kick, "{\"nick\":\"bob\",\"extra\":1}").body()).contains("unknown field");
            assertThat(admin.post(kick, "{\"nick\":42}").statusCode()).isEqualTo(400);
            assertThat(admin.post(kick, "{}").body()).contains("\\\"nick\\\" is required");
            assertThat(admin.post(kick, "{\"nick\":\"bob\",\"reason\":\"" + "x".repeat(300) + "\"}")
                    .statusCode()).isEqualTo(400);
            assertThat(admin.post("/api/rooms/" + room + "/notice", "{\"text\":\"   \"}").statusCode())
                    .isEqualTo(400);
            assertThat(admin.post("/api/rooms/a%20b/notice", "{\"text\":\"x\"}").body())
                    .contains("not a valid room name");
            assertThat(admin.delete("/api/rooms/" + room + "/messages/abc").statusCode()).isEqualTo(400);
            assertThat(admin.post("/api/bans", "{\"nick\":\"a\",\"address\":\"127.0.0.1\"}").statusCode())
                    .isEqualTo(400);
            assertThat(admin.post("/api/bans", "{\"address\":\"example.com\"}").body())
                    .contains("IPv4 or IPv6 address");
            assertThat(admin.post("/api/bans", "{\"nick\":\"a\",\"duration_s\":0}").statusCode()).isEqualTo(400);
            HttpResponse<String> wrongMethod = admin.get(kick);
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.headers().firstValue("allow")).contains("POST");
            assertThat(admin.get("/api/nothing").statusCode()).isEqualTo(404);
            HttpResponse<String> huge = admin.post(kick, "{\"nick\":\"bob\",\"reason\":\""
                    + "x".repeat(100_000) + "\"}");
            assertThat(huge.statusCode()).isEqualTo(413);

            assertThat(bob.expectNothingMoreThenRoomList()).as("bob was never kicked").contains(room);
            assertThat(admin.get("/api/bans").body()).doesNotContain("\"nick\":\"a\"");
        }
    }

    @Test
    void withoutAnAdminTokenTheApiRefusesEverything403AndMetricsStay() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("CHAT_ADMIN_ADDR", "127.0.0.1:0"));
        try (ChatServer plain = ChatServer.start(ServerConfig.forTests(env))) {
            AdminHttp withToken = new AdminHttp(plain);
            assertThat(withToken.get("/api/rooms").statusCode()).isEqualTo(403);
            assertThat(withToken.post("/api/bans", "{\"nick\":\"x\"}").statusCode()).isEqualTo(403);
            assertThat(new AdminHttp(plain, null).get("/api/rooms").body()).contains("CHAT_ADMIN_TOKEN");
            assertThat(withToken.get("/metrics").statusCode()).isEqualTo(200);
            assertThat(withToken.get("/healthz").statusCode()).isEqualTo(200);
        }
    }
}
