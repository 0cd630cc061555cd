package mychat.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import mychat.server.ServerConfig;
import mychat.server.auth.Authenticator;
import mychat.server.auth.Principal;
import mychat.server.metrics.ServerMetrics;
import mychat.server.telemetry.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, before the upgrade, whether a WebSocket handshake may proceed: connection caps (503 server-wide, 429 per
 * address), the allowed origins (403; the server's own web page is always allowed), and the token when
 * authentication is on (401). Thread-safe.
 */
final class Admission {
    private static final Logger log = LoggerFactory.getLogger(Admission.class);

    sealed interface Decision {
        /** Go ahead; {@code principal} is null when authentication is off. */
        record Admit(Principal principal) implements Decision {}

        record Refuse(HttpResponseStatus status, String message, String metricReason) implements Decision {}
    }

    private final ServerConfig.Abuse abuse;
    /** Whether this server serves the web client, whose own origin may then always connect. */
    private final boolean servesPage;
    private final Authenticator authenticator;
    private final ConnectionCounter connections;
    private final ServerMetrics metrics;
    private final Tracing tracing;
    private final Clock clock;

    Admission(ServerConfig.Abuse abuse, boolean servesPage, Authenticator authenticator,
              ConnectionCounter connections, ServerMetrics metrics, Tracing tracing, Clock clock) {
        this.abuse = abuse;
        this.servesPage = servesPage;
        this.authenticator = authenticator;
        this.connections = connections;
        this.metrics = metrics;
        this.tracing = tracing;
        this.clock = clock;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    Decision check(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (abuse.maxConnections() > 0 && connections.total() > abuse.maxConnections()) {
            return new Decision.Refuse(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "The server is at its connection limit; try again later.", "server_full");
        }
        InetAddress address = ConnectionCounter.address(ctx.channel());
        if (abuse.maxConnectionsPerIp() > 0 && address != null
                && connections.from(address) > abuse.maxConnectionsPerIp()) {
            return new Decision.Refuse(HttpResponseStatus.TOO_MANY_REQUESTS,
                    "Too many connections from your address.", "address_full");
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !abuse.allowedOrigins().isEmpty()
                && !abuse.allowedOrigins().contains(origin.strip().toLowerCase(Locale.ROOT))
                && !(servesPage && sameOrigin(origin, request.headers().get(HttpHeaderNames.HOST)))) {
            log.debug("{}: refused origin {}", ctx.channel(), origin);
            return new Decision.Refuse(HttpResponseStatus.FORBIDDEN, "This origin may not connect.", "origin");
        }
        if (authenticator == null) {
            return new Decision.Admit(null);
        }
        Span verifying = tracing.step("authenticate");
        Authenticator.Result result;
        try (Scope traced = Tracing.enter(verifying)) {
            result = authenticator.verify(token(request), clock.instant());
        }
        return switch (result) {
            case Authenticator.Result.Accepted a -> {
                verifying.end();
                yield new Decision.Admit(a.principal());
            }
            case Authenticator.Result.Refused r -> {
                Tracing.refused(verifying, r.reason().label());
                // The token itself is never logged: it is a credential.
                log.info("{}: token refused: {} ({})", ctx.channel().remoteAddress(), r.reason().label(), r.detail());
                metrics.authFailure(r.reason().label());
                yield new Decision.Refuse(HttpResponseStatus.UNAUTHORIZED,
                        "A valid token is required: " + r.detail() + ".", "auth");
            }
        };
    }

    /**
     * Whether a browser's {@code Origin} names the host and port the request was sent to: the server's own page.
     * The scheme is not compared, so the page also connects through a proxy that terminates TLS. A cross-site page
     * cannot pass this: its browser sends the page's origin and the chat server's host.
     */
    static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        int scheme = origin.indexOf("://");
        return scheme > 0 && origin.substring(scheme + 3).strip().equalsIgnoreCase(host.strip());
    }

    /** {@code Authorization: Bearer …}, else the {@code token} query parameter (browsers cannot set headers). */
    static String token(FullHttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).strip();
        }
        List<String> query = new QueryStringDecoder(request.uri()).parameters().get("token");
        return query == null || query.isEmpty() ? null : query.getFirst();
    }
}
