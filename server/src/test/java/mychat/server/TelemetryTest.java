package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mychat.protocol.ClientRequest;
import mychat.protocol.Limits;
import mychat.protocol.ServerEvent;
import mychat.server.telemetry.Telemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenTelemetry against a real OTLP/HTTP receiver ({@link OtlpReceiver}): the spans of a handshake, a join, a
 * history page and a message (with the store's commit, or the Redis call, as its child), the honoured
 * {@code traceparent}, the Micrometer meters over OTLP, trace ids in JSON logs, and nothing at all without an
 * endpoint.
 */
class TelemetryTest {
    private static final Duration EXPORTED = Duration.ofSeconds(15);
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";
    private static final String SECRET_TEXT = "the text no span may carry";

    private OtlpReceiver receiver;
    private ChatServer server;

    @TempDir
    Path data;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new OtlpReceiver();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        receiver.close();
    }

    private Map<String, String> otel(String ratio) {
        Map<String, String> env = new HashMap<>(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                "OTEL_SERVICE_NAME", "chat-under-test",
                "OTEL_TRACES_SAMPLER_ARG", ratio,
                "OTEL_BSP_SCHEDULE_DELAY", "50",
                "OTEL_METRIC_EXPORT_INTERVAL", "200"));
        return env;
    }

    private ChatServer start(Map<String, String> env) throws Exception {
        server = ChatServer.start(ServerConfig.forTests(env));
        return server;
    }

    private TestClient connectWithTraceparent(String flags) {
        return TestClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"), Limits.SUBPROTOCOL,
                java.net.http.HttpClient.newHttpClient(),
                Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-" + flags));
    }

    private Span awaitSpan(String name, java.util.function.Predicate<Span> condition) {
        return await().atMost(EXPORTED).until(
                () -> receiver.spans().stream().filter(s -> s.getName().equals(name) && condition.test(s)).findFirst(),
                Optional::isPresent).get();
    }

    private static String attr(Span span, String key) {
        return OtlpReceiver.attribute(span.getAttributesList(), key);
    }

    @Test
    void handshakeJoinHistoryAndAMessageFromSendToStoredToBroadcastAreTraced() throws Exception {
        Map<String, String> env = otel("1");
        env.putAll(Map.of("CHAT_STORE", "sqlite", "CHAT_DATA_DIR", data.toString()));
        start(env);
        try (TestClient alice = connectWithTraceparent("01"); TestClient bob = TestClient.connect(server.port())) {
            alice.send(new ClientRequest.Join("lobby", "alice", null));
            alice.expect(ServerEvent.Joined.class);
            bob.send(new ClientRequest.Join("lobby", "bob", null));
            bob.expect(ServerEvent.Joined.class);
            alice.say(SECRET_TEXT);
            ServerEvent.Message sent = bob.expect(ServerEvent.Message.class);
            bob.send(new ClientRequest.History(null, null, 10));
            bob.expect(ServerEvent.HistoryPage.class);

            Span handshake = awaitSpan("GET /", s -> OtlpReceiver.hex(s.getTraceId()).equals(TRACE_ID));
            assertThat(OtlpReceiver.hex(handshake.getParentSpanId())).as("child of the client's traceparent")
                    .isEqualTo(PARENT_SPAN_ID);
            assertThat(handshake.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
            assertThat(attr(handshake, "http.request.method")).isEqualTo("GET");
            assertThat(attr(handshake, "http.response.status_code")).isEqualTo("101");
            assertThat(attr(handshake, "client.address")).isEqualTo("127.0.0.1");
            Span admission = awaitSpan("admission", s -> s.getTraceId().equals(handshake.getTraceId()));
            assertThat(admission.getParentSpanId()).isEqualTo(handshake.getSpanId());

            Span join = awaitSpan("Join", s -> true);
            assertThat(attr(join, "messaging.destination.name")).isEqualTo("lobby");
            assertThat(attr(join, "mychat.replayed")).isEqualTo("0");

            Span message = awaitSpan("SendMsg", s -> String.valueOf(sent.id()).equals(attr(s, "messaging.message.id")));
            assertThat(attr(message, "messaging.destination.name")).isEqualTo("lobby");
            assertThat(attr(message, "messaging.message.body.size")).isEqualTo(String.valueOf(SECRET_TEXT.length()));
            assertThat(attr(message, "mychat.recipients")).isEqualTo("2");
            assertThat(message.getEventsList()).extracting(Span.Event::getName).containsExactly("stored", "broadcast");
            assertThat(message.getParentSpanId().isEmpty()).as("a message starts its own trace").isTrue();
            Span commit = awaitSpan("INSERT messages", s -> s.getParentSpanId().equals(message.getSpanId()));
            assertThat(commit.getTraceId()).isEqualTo(message.getTraceId());
            assertThat(attr(commit, "db.system.name")).isEqualTo("sqlite");
            assertThat(attr(commit, "db.operation.name")).isEqualTo("INSERT");

            Span history = awaitSpan("History", s -> true);
            assertThat(attr(history, "mychat.replayed")).isEqualTo("1");

            assertThat(receiver.spans()).as("no span carries a message's text")
                    .allSatisfy(s -> assertThat(s.toString()).doesNotContain(SECRET_TEXT));
            assertThat(receiver.traceResources()).allSatisfy(r -> assertThat(OtlpReceiver.attribute(
                    r.getResource().getAttributesList(), "service.name")).isEqualTo("chat-under-test"));
        }
    }

    @Test
    void micrometerMetersAreAlsoPushedOverOtlp() throws Exception {
        start(otel("1"));
        try (TestClient alice = TestClient.joined(server.port(), "lobby", "alice")) {
            alice.say("hello");
            alice.expect(ServerEvent.Message.class);
            await().atMost(EXPORTED).untilAsserted(() -> assertThat(receiver.metricNames())
                    .contains("chat_messages_received", "chat_messages_delivered", "chat_broadcast_latency",
                            "chat_sessions"));
            assertThat(receiver.contentTypes()).allMatch(type -> type.startsWith("application/x-protobuf"));
            List<KeyValue> resource = receiver.metricResources().getFirst().getResource().getAttributesList();
            assertThat(OtlpReceiver.attribute(resource, "service.name")).isEqualTo("chat-under-test");
        }
    }

    @Test
    void sampledTraceparentIsHonouredWhileMessagesFollowTheRatio() throws Exception {
        start(otel("0"));
        try (TestClient alice = connectWithTraceparent("01")) {
            alice.send(new ClientRequest.Join("lobby", "alice", null));
            alice.expect(ServerEvent.Joined.class);
            alice.say("not sampled at ratio 0");
            alice.expect(ServerEvent.Message.class);
            awaitSpan("GET /", s -> OtlpReceiver.hex(s.getTraceId()).equals(TRACE_ID));
            // Spans are exported in the order they end: a second sampled handshake, after the message, is the barrier.
            try (TestClient barrier = TestClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"),
                    Limits.SUBPROTOCOL, java.net.http.HttpClient.newHttpClient(),
                    Map.of("traceparent", "00-" + TRACE_ID.replace('4', '5') + "-" + PARENT_SPAN_ID + "-01"))) {
                awaitSpan("GET /", s -> OtlpReceiver.hex(s.getTraceId()).equals(TRACE_ID.replace('4', '5')));
            }
            assertThat(receiver.spans()).extracting(Span::getName).doesNotContain("SendMsg", "Join", "INSERT messages");
        }
    }

    @Test
    void aMessagesRedisCallIsAChildOfItsSpanInClusterMode() throws Exception {
        try (RedisServerHandle redis = new RedisServerHandle()) {
            Map<String, String> env = otel("1");
            env.putAll(Map.of("CHAT_STORE", "redis", "CHAT_REDIS_URL", redis.server.url()));
            start(env);
            try (TestClient alice = TestClient.joined(server.port(), "lobby", "alice")) {
                alice.say("through redis");
                ServerEvent.Message sent = alice.expect(ServerEvent.Message.class);
                Span message = awaitSpan("SendMsg",
                        s -> String.valueOf(sent.id()).equals(attr(s, "messaging.message.id")));
                Span call = awaitSpan("FCALL mychat_v2_say", s -> s.getParentSpanId().equals(message.getSpanId()));
                assertThat(call.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
                assertThat(attr(call, "db.system.name")).isEqualTo("redis");
                Span enter = awaitSpan("FCALL mychat_v2_enter", s -> true);
                Span join = awaitSpan("Join", s -> s.getSpanId().equals(enter.getParentSpanId()));
                assertThat(attr(join, "messaging.destination.name")).isEqualTo("lobby");
            } finally {
                server.close();
                server = null;
            }
        }
    }

    @Test
    void jsonLogLinesCarryTheActiveSpansTraceId() throws Exception {
        Map<String, String> env = otel("1");
        env.putAll(Map.of("CHAT_ADDR", "127.0.0.1:0", "CHAT_STORE", "memory", "CHAT_LOG", "debug",
                "CHAT_LOG_FORMAT", "json"));
        try (ServerProcess process = ServerProcess.launch(env)) {
            int port = process.awaitPort();
            try (TestClient alice = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/"), Limits.SUBPROTOCOL,
                    java.net.http.HttpClient.newHttpClient(),
                    Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01"))) {
                String line = process.awaitLine("connected (subprotocol");
                assertThat(line).contains("\"trace_id\":\"" + TRACE_ID + "\"").contains("\"span_id\":\"");
            }
            String start = process.transcript().lines().filter(l -> l.contains("OpenTelemetry:")).findFirst()
                    .orElseThrow();
            assertThat(start).contains("traces and metrics over OTLP").doesNotContain("trace_id");
        }
    }

    @Test
    void badOtelSettingStopsTheServerWithExitCode2() throws Exception {
        Map<String, String> env = otel("1");
        env.putAll(Map.of("CHAT_ADDR", "127.0.0.1:0", "CHAT_STORE", "memory", "OTEL_TRACES_SAMPLER", "sometimes"));
        try (ServerProcess process = ServerProcess.launch(env, List.of(), true)) {
            assertThat(process.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.process.exitValue()).isEqualTo(2);
            assertThat(process.transcript()).contains("otel.traces.sampler").contains("sometimes");
        }
    }

    @Test
    void withoutAnEndpointTelemetryIsOffAndMakesNoSpans() throws Exception {
        Telemetry off = Telemetry.fromEnv(Map.of("OTEL_SERVICE_NAME", "x", "OTEL_TRACES_SAMPLER", "always_on"));
        assertThat(off).isSameAs(Telemetry.OFF);
        assertThat(off.tracing().on()).isFalse();
        assertThat(off.meterRegistry()).isNull();
        assertThat(off.tracing().request("SendMsg", "lobby"))
                .isSameAs(io.opentelemetry.api.trace.Span.getInvalid());
        assertThat(Telemetry.fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                "OTEL_SDK_DISABLED", "true"))).isSameAs(Telemetry.OFF);
    }

    /** A redis-server of its own, stopped when the test ends. */
    private static final class RedisServerHandle implements AutoCloseable {
        final RedisServer server = RedisServer.start();

        @Override
        public void close() {
            server.stop();
        }
    }
}
