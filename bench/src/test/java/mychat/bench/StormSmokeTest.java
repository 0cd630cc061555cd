package mychat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import mychat.bench.report.Json;
import mychat.server.ChatServer;
import mychat.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The storm subcommand's smoke run against an in-process server: seeding, then clients resuming with since. */
class StormSmokeTest {
    private static ChatServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ChatServer.start(ServerConfig.forTests());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void everyResumingClientIsRecoveredAndGetsExactlyWhatItMissed() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"storm", "--smoke", "--url", "ws://127.0.0.1:" + server.port() + "/",
                "--room-prefix", "smoke-", "--tag", "case=storm-smoke"}, new PrintStream(out), System.err);

        assertThat(exit).isZero();
        JsonNode json = Json.parse(out.toString(StandardCharsets.UTF_8).strip());
        JsonNode result = json.path("result");
        assertThat(json.path("scenario").asText()).isEqualTo("storm");
        assertThat(json.path("tags").path("case").asText()).isEqualTo("storm-smoke");
        assertThat(result.path("seeded_messages").asLong()).isEqualTo(4 * 30);
        assertThat(result.path("connect_join_latency_ms").path("count").asLong()).isEqualTo(200);
        assertThat(result.path("not_recovered").asLong(-1)).isZero();
        assertThat(result.path("errors").asLong(-1)).isZero();
        // client i resumes i mod 21 messages back: 200 clients miss 0..20 in turn
        assertThat(result.path("replayed_messages").asLong())
                .isEqualTo(result.path("expected_replayed_messages").asLong()).isEqualTo(1_945);
        assertThat(json.path("headline").path("joins_per_s").asDouble()).isPositive();
        assertThat(json.path("headline").path("p99_connect_join_ms").isNumber()).isTrue();
    }
}
