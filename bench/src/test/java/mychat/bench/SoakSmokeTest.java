package mychat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import mychat.bench.report.Json;
import mychat.bench.scenario.Progress;
import mychat.bench.soak.SoakConfig;
import mychat.bench.soak.SoakReport;
import mychat.bench.soak.SoakScenario;
import mychat.server.ChatServer;
import mychat.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The soak's smoke run against an in-process server with the default rate limits and its admin port. */
class SoakSmokeTest {
    private static ChatServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ChatServer.start(ServerConfig.forTests(Map.of("CHAT_RATE_MSGS", "10", "CHAT_RATE_REQUESTS", "20",
                "CHAT_ADMIN_ADDR", "127.0.0.1:0")));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void churningClientsSeeEveryMessageOnceInOrderAcrossReconnectsAndPauses() throws Exception {
        URI url = URI.create("ws://127.0.0.1:" + server.port() + "/");
        URI admin = URI.create("http://127.0.0.1:" + server.adminAddress().getPort());
        SoakConfig config = SoakConfig.smoke(url).watching(ProcessHandle.current().pid(), admin);

        SoakReport report;
        try (Progress progress = Progress.to(System.err, Duration.ofSeconds(1))) {
            report = SoakScenario.run(config, progress);
        }
        System.err.print(report.summary());

        JsonNode json = Json.parse(Json.line(report.toJson()));
        JsonNode result = json.path("result");
        JsonNode counts = result.path("counts");
        assertThat(json.path("scenario").asText()).isEqualTo("soak");
        result.path("failures").properties().forEach(f -> assertThat(f.getValue().asLong(-1)).as(f.getKey()).isZero());
        assertThat(result.path("pass").asBoolean()).isTrue();
        assertThat(result.path("settled").asBoolean()).isTrue();
        // The churn happened: clients came back and resumed, some stopped reading, sessions ended all three ways.
        assertThat(counts.path("reconnects").asLong()).isGreaterThan(config.clients());
        assertThat(counts.path("resumes_recovered").asLong()).isGreaterThan(0);
        assertThat(counts.path("pauses").asLong()).isGreaterThan(0);
        assertThat(counts.path("client_closes_graceful").asLong()).isGreaterThan(0);
        assertThat(counts.path("client_closes_abrupt_fin").asLong()).isGreaterThan(0);
        assertThat(counts.path("client_closes_abrupt_rst").asLong()).isGreaterThan(0);
        assertThat(counts.path("replayed").asLong()).isGreaterThan(0);
        long sent = counts.path("sent").asLong();
        assertThat(sent).isGreaterThan(100);
        assertThat(result.path("lines").path("sent").asLong()).isEqualTo(sent);
        assertThat(counts.path("delivered").asLong()).isGreaterThan(sent); // a room has several members
        // Memory was read from /proc and from the admin port at every sample.
        JsonNode samples = result.path("memory").path("samples");
        assertThat(samples.path("t_s").size()).isGreaterThanOrEqualTo(10);
        assertThat(samples.path("rss_mib").get(0).asDouble()).isGreaterThan(0);
        assertThat(samples.path("heap_used_mib").get(0).asDouble()).isGreaterThan(0);
        assertThat(result.path("memory").path("per_minute").size()).isGreaterThanOrEqualTo(2);
        assertThat(result.path("memory").path("rss_plateau").path("verdict").asText()).isNotEmpty();
        assertThat(json.path("headline").path("failures").asLong(-1)).isZero();
    }
}
