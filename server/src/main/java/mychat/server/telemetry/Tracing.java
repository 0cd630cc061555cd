package mychat.server.telemetry;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The spans the server makes. With tracing off every method returns the invalid span (a shared no-op) without
 * allocating, so callers need no checks of their own; attributes are only set on spans that record.
 *
 * <p>Names and attributes follow OpenTelemetry's semantic conventions: HTTP server attributes on the upgrade,
 * database client attributes on the store's commits and the Redis calls, and messaging attributes (the room as
 * {@code messaging.destination.name}, the message id, the body's size) on chat requests. No span carries a
 * message's text, a nick or a token. Thread-safe.
 */
public final class Tracing {
    public static final Tracing OFF = new Tracing(null, null);

    // Messaging attributes of the semantic conventions (still incubating, so not in the stable semconv artifact).
    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> MESSAGING_OPERATION = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> MESSAGING_DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> MESSAGING_MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<Long> MESSAGING_BODY_SIZE = AttributeKey.longKey("messaging.message.body.size");
    static final AttributeKey<Long> DB_BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");
    // my-chat's own, in its namespace.
    static final AttributeKey<Long> RECIPIENTS = AttributeKey.longKey("mychat.recipients");
    static final AttributeKey<Long> REPLAYED = AttributeKey.longKey("mychat.replayed");
    static final AttributeKey<String> ADMISSION = AttributeKey.stringKey("mychat.admission");

    private static final TextMapGetter<HttpRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpRequest request) {
            return request.headers().names();
        }

        @Override
        public String get(HttpRequest request, String key) {
            return request == null ? null : request.headers().get(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public Tracing(Tracer tracer, TextMapPropagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    public boolean on() {
        return tracer != null;
    }

    /**
     * The WebSocket upgrade: a server span, the child of the client's {@code traceparent} when the request carries
     * one (W3C trace context). End it with {@link #answered}.
     */
    public Span handshake(HttpRequest request, Channel channel, boolean tls) {
        if (tracer == null) {
            return Span.getInvalid();
        }
        Context parent = propagator.extract(Context.root(), request, HEADERS);
        int query = request.uri().indexOf('?');
        SpanBuilder span = tracer.spanBuilder(request.method().name() + " /")
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(HttpAttributes.HTTP_REQUEST_METHOD, request.method().name())
                .setAttribute(HttpAttributes.HTTP_ROUTE, "/")
                .setAttribute(UrlAttributes.URL_SCHEME, tls ? "https" : "http")
                .setAttribute(UrlAttributes.URL_PATH, query < 0 ? request.uri() : request.uri().substring(0, query))
                .setAttribute(NetworkAttributes.NETWORK_PROTOCOL_NAME, "http")
                .setAttribute(NetworkAttributes.NETWORK_PROTOCOL_VERSION, "1.1");
        // The query is left out: browsers pass their token in it.
        String agent = request.headers().get(HttpHeaderNames.USER_AGENT);
        if (agent != null) {
            span.setAttribute(UserAgentAttributes.USER_AGENT_ORIGINAL, agent);
        }
        if (channel.remoteAddress() instanceof InetSocketAddress peer && peer.getAddress() != null) {
            String address = peer.getAddress().getHostAddress();
            span.setAttribute(ClientAttributes.CLIENT_ADDRESS, address)
                    .setAttribute(NetworkAttributes.NETWORK_PEER_ADDRESS, address)
                    .setAttribute(NetworkAttributes.NETWORK_PEER_PORT, (long) peer.getPort());
        }
        return span.startSpan();
    }

    /** Ends a handshake span with the HTTP status it was answered with (101 for an upgrade). */
    public static void answered(Span span, int status) {
        if (span.isRecording()) {
            span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
            if (status >= 500) { // for a server span only 5xx is an error (semantic conventions)
                span.setAttribute(ErrorAttributes.ERROR_TYPE, String.valueOf(status));
                span.setStatus(StatusCode.ERROR);
            }
        }
        span.end();
    }

    /** A step inside the current span (admission, authentication). */
    public Span step(String name) {
        return tracer == null ? Span.getInvalid() : tracer.spanBuilder(name).startSpan();
    }

    /** Ends a step that refused, with the reason it refused for. */
    public static void refused(Span span, String reason) {
        if (span.isRecording()) {
            span.setAttribute(ADMISSION, reason);
        }
        span.end();
    }

    /**
     * A chat request handled by a room ({@code Join}, {@code History}, {@code SendMsg}): a root span, sampled by the
     * configured sampler (parent-based ratio by default), ended by the room once answered.
     */
    public Span request(String type, String room) {
        if (tracer == null) {
            return Span.getInvalid();
        }
        Span span = tracer.spanBuilder(type).setParent(Context.root()).setSpanKind(SpanKind.SERVER).startSpan();
        // Attributes after the sampler's decision, and only on spans that record: most requests are not sampled.
        if (span.isRecording()) {
            span.setAttribute(MESSAGING_SYSTEM, "mychat")
                    .setAttribute(MESSAGING_OPERATION, type)
                    .setAttribute(MESSAGING_DESTINATION, room);
        }
        return span;
    }

    /** A message's size in UTF-8 bytes, on its {@code SendMsg} span (never the text itself). */
    public static void bodySize(Span span, String text) {
        if (span.isRecording()) {
            span.setAttribute(MESSAGING_BODY_SIZE, (long) text.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    /** The message was stored under {@code id}. */
    public static void stored(Span span, long id) {
        if (span.isRecording()) {
            span.setAttribute(MESSAGING_MESSAGE_ID, Long.toString(id));
            span.addEvent("stored");
        }
    }

    /** Ends a {@code SendMsg} span that resent a stored message ({@code cid}): its sender alone gets the original. */
    public static void duplicate(Span span, long id) {
        if (span.isRecording()) {
            span.setAttribute(MESSAGING_MESSAGE_ID, Long.toString(id));
            span.addEvent("duplicate");
        }
        span.end();
    }

    /** Ends a {@code SendMsg} span once the message was written to every member. */
    public static void broadcast(Span span, int recipients) {
        if (span.isRecording()) {
            span.setAttribute(RECIPIENTS, (long) recipients);
            span.addEvent("broadcast");
        }
        span.end();
    }

    /** Ends a {@code Join} or {@code History} span with the number of messages it sent the client. */
    public static void replayed(Span span, int messages) {
        if (span.isRecording()) {
            span.setAttribute(REPLAYED, (long) messages);
        }
        span.end();
    }

    /** Ends a span whose request failed; {@code errorType} is the protocol's error code. */
    public static void failed(Span span, String errorType) {
        if (span.isRecording()) {
            span.setAttribute(ErrorAttributes.ERROR_TYPE, errorType);
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    /**
     * One transaction of the SQLite store: the child of the first message in it whose trace is sampled, linked to
     * the others; none when no message in it is sampled. {@code parents}: the contexts the appends were made in.
     */
    public Span storeCommit(List<Context> parents, String file) {
        if (tracer == null) {
            return Span.getInvalid();
        }
        SpanBuilder span = null;
        for (Context parent : parents) {
            Span message = Span.fromContext(parent);
            if (!message.isRecording()) {
                continue;
            }
            if (span == null) {
                span = tracer.spanBuilder("INSERT messages").setParent(parent).setSpanKind(SpanKind.CLIENT);
            } else {
                span.addLink(message.getSpanContext());
            }
        }
        if (span == null) {
            return Span.getInvalid();
        }
        return span.setAttribute(DbAttributes.DB_SYSTEM_NAME, "sqlite")
                .setAttribute(DbAttributes.DB_NAMESPACE, file)
                .setAttribute(DbAttributes.DB_COLLECTION_NAME, "messages")
                .setAttribute(DbAttributes.DB_OPERATION_NAME, "INSERT")
                .setAttribute(DB_BATCH_SIZE, (long) parents.size())
                .startSpan();
    }

    /** A Redis function call (cluster mode): a client span, the child of the current span. */
    public Span redisCall(String function) {
        if (tracer == null) {
            return Span.getInvalid();
        }
        return tracer.spanBuilder("FCALL " + function)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(DbAttributes.DB_SYSTEM_NAME, "redis")
                .setAttribute(DbAttributes.DB_OPERATION_NAME, "FCALL")
                .setAttribute(DbAttributes.DB_STORED_PROCEDURE_NAME, function)
                .startSpan();
    }

    /**
     * Makes {@code span} current on this thread (so that the store and Redis calls made meanwhile become its
     * children, and log lines carry its ids); a shared no-op scope when it does not record, so nothing allocates.
     */
    public static Scope enter(Span span) {
        return span.isRecording() ? span.makeCurrent() : Scope.noop();
    }

    /** The context to hand to another thread: the root (shared) when tracing is off. */
    public Context current() {
        return tracer == null ? Context.root() : Context.current();
    }
}
