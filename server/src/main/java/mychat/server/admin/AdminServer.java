package mychat.server.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import mychat.server.metrics.ServerMetrics;
import mychat.server.moderation.BanList;
import mychat.server.moderation.Moderation;

/**
 * The admin HTTP listener: {@code /metrics}, the health endpoints and the moderation API ({@link AdminApi}). Start
 * with {@link #start}; close with {@link #close}.
 */
public final class AdminServer implements AutoCloseable {
    /** Largest request body; a larger one is answered 413 (the API's bodies are a few hundred bytes). */
    static final int MAX_BODY_BYTES = 16 * 1024;
    private final Channel listener;

    private AdminServer(Channel listener) {
        this.listener = listener;
    }

    /** What the moderation API acts on. {@code token}: {@code CHAT_ADMIN_TOKEN}, or null (the API answers 403). */
    public record Operations(String token, Moderation moderation, BanList bans, Clock clock) {}

    /**
     * Binds the admin port. {@code ready} answers {@code /readyz}: true once the chat listener accepts connections,
     * false again while shutting down.
     */
    public static AdminServer start(InetSocketAddress address, EventLoopGroup loops,
                                    Class<? extends ServerChannel> channelType, ServerMetrics metrics,
                                    BooleanSupplier ready, Operations operations) throws InterruptedException {
        AdminApi api = new AdminApi(operations.token(), operations.moderation(), operations.bans(),
                operations.clock());
        Channel listener = new ServerBootstrap()
                .group(loops)
                .channel(channelType)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec(4096, 8192, 8192))
                                .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
                                .addLast(new Routes(metrics, ready, api));
                    }
                })
                .bind(address.getHostString(), address.getPort())
                .sync()
                .channel();
        return new AdminServer(listener);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
    }

    private static final class Routes extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final ServerMetrics metrics;
        private final BooleanSupplier ready;
        private final AdminApi api;

        Routes(ServerMetrics metrics, BooleanSupplier ready, AdminApi api) {
            this.metrics = metrics;
            this.ready = ready;
            this.api = api;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (!request.decoderResult().isSuccess()) {
                send(ctx, request, HttpResponseStatus.BAD_REQUEST, "text/plain", "bad request\n");
                return;
            }
            String path = new QueryStringDecoder(request.uri()).rawPath();
            if (path.startsWith(AdminApi.PREFIX)) {
                toApi(ctx, request, path);
                return;
            }
            switch (path) {
                case "/metrics" -> send(ctx, request, HttpResponseStatus.OK,
                        "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
                case "/healthz" -> send(ctx, request, HttpResponseStatus.OK, "text/plain", "ok\n");
                case "/readyz" -> {
                    boolean isReady = ready.getAsBoolean();
                    send(ctx, request, isReady ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "text/plain", isReady ? "ready\n" : "not ready\n");
                }
                default -> send(ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain",
                        "not found; try /metrics, /healthz, /readyz or /api/ (docs/ADMIN.md)\n");
            }
        }

        /** The request's parts are copied out: the request is released when this returns, the answer comes later. */
        private void toApi(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
            byte[] body = ByteBufUtil.getBytes(request.content());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            String address = ctx.channel().remoteAddress() instanceof InetSocketAddress remote
                    && remote.getAddress() != null ? remote.getAddress().getHostAddress() : "unknown";
            api.handle(request.method(), path, request.headers().get(HttpHeaderNames.AUTHORIZATION), body,
                    request.headers().get("X-Chat-Operator"), address).whenComplete((answer, error) -> {
                        AdminApi.Answer a = error == null ? answer : AdminApi.Answer.error(
                                HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + error);
                        FullHttpResponse response = response(a.status(), "application/json",
                                Unpooled.wrappedBuffer(a.body()));
                        if (a.status() == HttpResponseStatus.UNAUTHORIZED) {
                            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
                        }
                        if (a.allow() != null) {
                            response.headers().set(HttpHeaderNames.ALLOW, a.allow());
                        }
                        write(ctx, response, keepAlive);
                    });
        }

        private static FullHttpResponse response(HttpResponseStatus status, String contentType, ByteBuf content) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
            return response;
        }

        private static void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                                 String contentType, String body) {
            FullHttpResponse response = response(status, contentType, Unpooled.copiedBuffer(body,
                    StandardCharsets.UTF_8));
            write(ctx, response, HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess());
        }

        private static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response);
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
