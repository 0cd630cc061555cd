package mychat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import mychat.bench.net.SourceAddresses;
import mychat.bench.report.Json;
import mychat.bench.scenario.Progress;
import mychat.bench.soak.SoakConfig;
import mychat.bench.soak.SoakReport;
import mychat.bench.soak.SoakScenario;
import mychat.server.ChatServer;
import mychat.server.ServerConfig;
import org.junit.jupiter.api.Test;

/** The soak's slow-reader path end to end, against an in-process server without rate limits. */
class SoakSlowReadersTest {

    /**
     * One busy room whose members all stop reading now and then, with small socket buffers: the server drops
     * messages for them ({@code lagged}) or closes them (1008), and the checks still hold: announced holes are not
     * gaps, and a client closed as too slow resumes without missing anything.
     *
     * <p>The room gets fewer than 10,000 lines in all (at most 16 clients x 125 lines/s x 6 s, fewer in practice):
     * the server remembers only the newest 10,000 cids of a room, and a line resent after more than that would be
     * stored again.
     */
    @Test
    void slowReadersAreDroppedOrClosedAndNothingElseGoesMissing() throws Exception {
        try (ChatServer busy = ChatServer.start(ServerConfig.forTests(Map.of("CHAT_SLOW_CONSUMER_TIMEOUT", "1s")))) {
            URI url = URI.create("ws://127.0.0.1:" + busy.port() + "/");
            SoakConfig config = new SoakConfig(url, 16, 16, 1, Duration.ofSeconds(6), Duration.ofMillis(8),
                    Duration.ofMillis(12), Duration.ofSeconds(3), Duration.ofSeconds(5), 1.0, Duration.ofMillis(2500),
                    Duration.ofSeconds(4), 0.3, 2000, 4096, null, null, Duration.ofSeconds(1), false,
                    Duration.ofSeconds(15), 1, SourceAddresses.none(), Map.of());

            SoakReport report;
            try (Progress progress = Progress.to(System.err, Duration.ofSeconds(1))) {
                report = SoakScenario.run(config, progress);
            }
            System.err.print(report.summary());

            JsonNode result = Json.parse(Json.line(report.toJson())).path("result");
            JsonNode counts = result.path("counts");
            result.path("failures").properties().forEach(f -> assertThat(f.getValue().asLong(-1)).as(f.getKey())
                    .isZero());
            assertThat(counts.path("pauses").asLong()).isGreaterThan(0);
            assertThat(counts.path("lagged_notices").asLong() + counts.path("server_closes").asLong()
                    + counts.path("lost_without_close_after_pause").asLong()).isGreaterThan(0);
        }
    }
}
