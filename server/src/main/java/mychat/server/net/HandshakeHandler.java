package mychat.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import mychat.protocol.Limits;
import mychat.server.auth.Principal;
import mychat.server.telemetry.Tracing;
import mychat.server.web.AssetResponses;
import mychat.server.wire.Closing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the HTTP requests of a connection before its upgrade: upgrades {@code GET /} or {@code GET /ws} with
 * WebSocket headers; serves the web client's files ({@code GET /} without an upgrade is its page) unless
 * {@code CHAT_WEB=off}; gives every other request a short, correct HTTP response and closes. After the upgrade it
 * replaces itself with the WebSocket part of the pipeline.
 */
final class HandshakeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HandshakeHandler.class);

    private final NetContext context;
    private final Admission admission;
    /** The web client's files, or null when {@code CHAT_WEB=off}. */
    private final AssetResponses webPage;
    private ScheduledFuture<?> timeout;

    HandshakeHandler(NetContext context, Admission admission, AssetResponses webPage) {
        this.context = context;
        this.admission = admission;
        this.webPage = webPage;
    }

    /** Slowloris guard: a connection must complete its upgrade within the handshake timeout. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        long millis = context.config().abuse().handshakeTimeout().toMillis();
        timeout = ctx.executor().schedule(() -> {
            if (ctx.channel().isActive()) {
                log.debug("{}: no upgrade within {} ms, closing", ctx.channel(), millis);
                context.metrics().handshakeFailure("timeout");
                ctx.close();
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            context.metrics().handshakeFailure("malformed");
            respond(ctx, HttpResponseStatus.BAD_REQUEST, "Malformed HTTP request.\n");
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        if (!isWebSocketUpgrade(req) && webPage != null && serveAsset(ctx, req, path)) {
            return;
        }
        if (!path.equals("/") && !path.equals("/ws")) {
            respond(ctx, HttpResponseStatus.NOT_FOUND, "Not found. The chat endpoint is ws://HOST:PORT/ (or /ws).\n");
            return;
        }
        if (!req.method().equals(HttpMethod.GET)) {
            FullHttpResponse response = response(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "Only GET with a WebSocket upgrade is served here.\n");
            response.headers().set(HttpHeaderNames.ALLOW, "GET");
            send(ctx, response);
            return;
        }
        if (!isWebSocketUpgrade(req)) {
            FullHttpResponse response = response(HttpResponseStatus.UPGRADE_REQUIRED,
                    "This is a my-chat server. Connect with a WebSocket client to ws://HOST:PORT/ "
                            + "(subprotocol " + Limits.SUBPROTOCOL + "); see docs/PROTOCOL.md.\n");
            response.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
            send(ctx, response);
            return;
        }
        Span handshake = context.tracing().handshake(req, ctx.channel(), context.ssl() != null);
        try (Scope traced = Tracing.enter(handshake)) {
            Tracing.answered(handshake, admitOrRefuse(ctx, req));
        }
    }

    /** Admission, then the upgrade; returns the HTTP status the request was answered with. */
    private int admitOrRefuse(ChannelHandlerContext ctx, FullHttpRequest req) {
        Span admitting = context.tracing().step("admission");
        Admission.Decision decision;
        try (Scope traced = Tracing.enter(admitting)) {
            decision = admission.check(ctx, req);
        }
        switch (decision) {
            case Admission.Decision.Refuse refuse -> {
                Tracing.refused(admitting, refuse.metricReason());
                context.metrics().handshakeFailure(refuse.metricReason());
                FullHttpResponse response = response(refuse.status(), refuse.message() + "\n");
                if (refuse.status().equals(HttpResponseStatus.UNAUTHORIZED)) {
                    response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
                }
                send(ctx, response);
                return refuse.status().code();
            }
            case Admission.Decision.Admit admit -> {
                admitting.end();
                return upgrade(ctx, req, admit.principal());
            }
        }
    }

    /**
     * Answers a request for one of the web client's files; false when no file has that path. A browser fetches
     * several files in a row, so the connection stays open for its next request when the request allows it
     * (still bounded by the handshake timeout).
     */
    private boolean serveAsset(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        if (!webPage.serves(path)) {
            return false;
        }
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
            FullHttpResponse response = response(HttpResponseStatus.METHOD_NOT_ALLOWED, "Only GET and HEAD.\n");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            send(ctx, response);
            return true;
        }
        FullHttpResponse response = webPage.answer(req, path);
        if (HttpUtil.isKeepAlive(req)) {
            ctx.writeAndFlush(response);
            if (!ctx.channel().isWritable()) {
                // A client that sends requests without reading the answers is not read from until it catches up,
                // so the answers waiting for it stay within the channel's high-water mark.
                ctx.channel().config().setAutoRead(false);
            }
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            send(ctx, response);
        }
        return true;
    }

    /** Returns the HTTP status: 101, or the refusal's. */
    private int upgrade(ChannelHandlerContext ctx, FullHttpRequest req, Principal principal) {
        WebSocketDecoderConfig decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(Limits.MAX_FRAME_BYTES)
                .allowExtensions(false)
                .expectMaskedFrames(true)
                .closeOnProtocolViolation(false) // SessionHandler closes, draining first (see Closing)
                .build();
        String url = (context.ssl() != null ? "wss://" : "ws://") + req.headers().get(HttpHeaderNames.HOST, "localhost")
                + req.uri();
        WebSocketServerHandshaker handshaker =
                new WebSocketServerHandshakerFactory(url, Limits.SUBPROTOCOL, decoderConfig).newHandshaker(req);
        if (handshaker == null) {
            context.metrics().handshakeFailure("version");
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
                    .addListener(ChannelFutureListener.CLOSE);
            return HttpResponseStatus.UPGRADE_REQUIRED.code();
        }
        try {
            // Adds the frame decoder and encoder synchronously, so frames a client sends right behind its
            // request already reach the handlers installed below.
            handshaker.handshake(ctx.channel(), req).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    log.debug("{}: handshake failed: {}", ctx.channel(), f.cause().toString());
                    ctx.channel().close();
                }
            });
        } catch (WebSocketHandshakeException e) {
            context.metrics().handshakeFailure("malformed");
            respond(ctx, HttpResponseStatus.BAD_REQUEST, "Bad WebSocket handshake: " + e.getMessage() + "\n");
            return HttpResponseStatus.BAD_REQUEST.code();
        }
        installSession(ctx.pipeline(), ctx.name(), new SessionHandler(new Session(ctx.channel(), context, principal),
                context.metrics()));
        context.sessions().add(ctx.channel());
        log.debug("{}: connected (subprotocol {})", ctx.channel(), handshaker.selectedSubprotocol());
        return HttpResponseStatus.SWITCHING_PROTOCOLS.code();
    }

    /**
     * The WebSocket part of a pipeline that the handshaker has upgraded: fragments aggregated, then the session in
     * place of this handler. Rooms write their frames from the encoder ({@code wire.FramePath}), which holds only
     * while everything added here between the encoder and the tail only reads.
     */
    static void installSession(ChannelPipeline p, String handshakeName, SessionHandler session) {
        p.addBefore(handshakeName, "frames", new WebSocketFrameAggregator(Limits.MAX_FRAME_BYTES));
        p.replace(handshakeName, "session", session);
    }

    private static boolean isWebSocketUpgrade(FullHttpRequest req) {
        return req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{}: closed before upgrade: {}", ctx.channel(), cause.toString());
        ctx.close();
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
        send(ctx, response(status, body));
    }

    private static FullHttpResponse response(HttpResponseStatus status, String body) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    /**
     * Sends the response and half-closes, then lets the peer close. Closing outright while the peer may still be
     * sending (garbage, an unread body) would make the kernel reset the connection and destroy the response.
     */
    private static void send(ChannelHandlerContext ctx, FullHttpResponse response) {
        Channel channel = ctx.channel();
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess() && channel instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
                channel.eventLoop().schedule(() -> channel.close(), Closing.GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                channel.close();
            }
        });
    }
}
