package mychat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import mychat.bench.floor.FloorServer;
import mychat.bench.report.Json;
import mychat.bench.report.ServerPids;
import mychat.bench.scenario.FanoutConfig;
import mychat.bench.scenario.FanoutReport;
import mychat.bench.scenario.FanoutScenario;
import mychat.bench.scenario.Progress;
import mychat.bench.scenario.StepResult;
import mychat.server.ChatServer;
import mychat.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The load generator's smoke run against an in-process server: what CI runs to prove the bench works. */
class FanoutSmokeTest {
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
    void smokeFanoutDeliversEveryMessageToEveryMemberAndPrintsParsableJson() throws Exception {
        URI url = URI.create("ws://127.0.0.1:" + server.port() + "/");
        long pid = ProcessHandle.current().pid();

        FanoutReport report;
        try (Progress progress = Progress.to(System.err, java.time.Duration.ofSeconds(1))) {
            report = FanoutScenario.run(FanoutConfig.smoke(url, pid), progress);
        }

        StepResult step = report.steps().getFirst();
        assertThat(step.sent()).isEqualTo(200); // 200 msg/s for 1 s, paced exactly
        assertThat(step.expected()).isEqualTo(200 * 5);
        assertThat(step.counts().measured()).isEqualTo(step.expected());
        assertThat(step.lost()).isZero();
        assertThat(step.counts().errors() + step.counts().laggedNotices() + step.counts().disconnects()).isZero();
        assertThat(step.latency().count()).isEqualTo(step.expected());

        String line = Json.line(report.toJson());
        assertThat(line).doesNotContain("\n");
        JsonNode json = Json.parse(line);
        assertThat(json.path("scenario").asText()).isEqualTo("fanout");
        assertThat(json.path("result").path("lost").asLong(-1)).isZero();
        assertThat(json.path("result").path("received_deliveries").asLong()).isEqualTo(1000);
        assertThat(json.path("result").path("latency_ms").path("p99").isNumber()).isTrue();
        assertThat(json.path("result").path("server_cpu_s").asDouble(-1)).isGreaterThanOrEqualTo(0);
        assertThat(json.path("headline").path("p99_ms").isNumber()).isTrue();
    }

    @Test
    void closedLoopKeepsSendingAsOwnMessagesComeBackAndLosesNothing() throws Exception {
        URI url = URI.create("ws://127.0.0.1:" + server.port() + "/");
        FanoutConfig smoke = FanoutConfig.smoke(url, ProcessHandle.current().pid());
        int window = 3;
        FanoutConfig closed = new FanoutConfig(List.of(url), 2, 5, 2, 0, 0, window, smoke.warmup(), smoke.duration(),
                smoke.drainTimeout(), 64, smoke.serverPids(), 1, smoke.sourceAddresses(), 64, false,
                java.time.Duration.ZERO, 0, 2, 1e9, 4, FanoutConfig.DEFAULT_P99_LIMIT_MS, java.util.Map.of());

        FanoutReport report;
        try (Progress progress = Progress.to(System.err, java.time.Duration.ofSeconds(1))) {
            report = FanoutScenario.run(closed, progress);
        }

        StepResult step = report.steps().getFirst();
        int senders = 2 * 2;
        // Only the first window per sender is sent unprompted: anything beyond it needs echoes to come back.
        assertThat(step.sent()).isGreaterThan(10L * window * senders);
        assertThat(step.expected()).isEqualTo(step.sent() * 5);
        assertThat(step.counts().measured()).isEqualTo(step.expected());
        assertThat(step.counts().errors() + step.counts().laggedNotices() + step.counts().disconnects()).isZero();
        JsonNode json = Json.parse(Json.line(report.toJson()));
        assertThat(json.path("config").path("window").asInt()).isEqualTo(window);
        assertThat(json.path("config").has("rate")).isFalse();
        assertThat(json.path("headline").path("window").asInt()).isEqualTo(window);
        assertThat(json.path("result").path("pass").asBoolean()).isTrue();
    }

    @Test
    void severalUrlsShareEveryRoomAndRedisCpuIsReportedPerMessage() throws Exception {
        // Two URLs of one server (it serves both paths): the members of each room alternate between them, as they
        // alternate between the nodes of a cluster. The test process stands in for Redis.
        URI root = URI.create("ws://127.0.0.1:" + server.port() + "/");
        URI ws = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
        long self = ProcessHandle.current().pid();
        FanoutConfig smoke = FanoutConfig.smoke(root, null);
        FanoutConfig twoUrls = new FanoutConfig(List.of(root, ws), 2, 5, 1, 0, 200, 0, smoke.warmup(),
                smoke.duration(), smoke.drainTimeout(), 64, new ServerPids(List.of(self), self), 1,
                smoke.sourceAddresses(), 64, false, java.time.Duration.ZERO, 0, 2, 1e9, 4,
                FanoutConfig.DEFAULT_P99_LIMIT_MS, java.util.Map.of());

        FanoutReport report;
        try (Progress progress = Progress.to(System.err, java.time.Duration.ofSeconds(1))) {
            report = FanoutScenario.run(twoUrls, progress);
        }

        StepResult step = report.steps().getFirst();
        assertThat(step.counts().measured()).isEqualTo(200 * 5);
        assertThat(step.redisMicrosPerMessage()).isPositive();
        JsonNode json = Json.parse(Json.line(report.toJson()));
        assertThat(json.path("config").path("url").asText()).isEqualTo(root + "," + ws);
        assertThat(json.path("config").path("redis_pid").asLong()).isEqualTo(self);
        assertThat(json.path("result").path("server_cpu_s").asDouble())
                .isGreaterThanOrEqualTo(json.path("result").path("redis_cpu_s").asDouble());
        assertThat(json.path("headline").path("redis_cpu_us_per_message").asDouble()).isPositive();
    }

    @Test
    void floorServerCarriesTheSmokeRunWithoutLoss() throws Exception {
        try (FloorServer floor = FloorServer.start("127.0.0.1", 0)) {
            URI url = URI.create("ws://127.0.0.1:" + floor.port() + "/");
            FanoutReport report;
            try (Progress progress = Progress.to(System.err, java.time.Duration.ofSeconds(1))) {
                report = FanoutScenario.run(FanoutConfig.smoke(url, null), progress);
            }

            StepResult step = report.steps().getFirst();
            assertThat(step.sent()).isEqualTo(200);
            assertThat(step.counts().measured()).isEqualTo(200 * 5);
            assertThat(step.counts().errors() + step.counts().disconnects()).isZero();
        }
    }
}
