package mychat.server.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
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
import java.util.function.BooleanSupplier;
import mychat.server.metrics.ServerMetrics;

/** The admin HTTP listener. Start with {@link #start}; close with {@link #close}. */
public final class AdminServer implements AutoCloseable {
    private final Channel listener;

    private AdminServer(Channel listener) {
        this.listener = listener;
    }

    /**
     * Binds the admin port. {@code ready} answers {@code /readyz}: true once the chat listener accepts connections,
     * false again while shutting down.
     */
    public static AdminServer start(InetSocketAddress address, EventLoopGroup loops,
                                    Class<? extends ServerChannel> channelType, ServerMetrics metrics,
                                    BooleanSupplier ready) throws InterruptedException {
        Channel listener = new ServerBootstrap()
                .group(loops)
                .channel(channelType)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec(4096, 8192, 8192))
                                .addLast(new HttpObjectAggregator(4096))
                                .addLast(new Routes(metrics, ready));
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

        Routes(ServerMetrics metrics, BooleanSupplier ready) {
            this.metrics = metrics;
            this.ready = ready;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (!request.decoderResult().isSuccess()) {
                send(ctx, request, HttpResponseStatus.BAD_REQUEST, "text/plain", "bad request\n");
                return;
            }
            String path = new QueryStringDecoder(request.uri()).path();
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
                        "not found; try /metrics, /healthz or /readyz\n");
            }
        }

        private static void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                                 String contentType, String body) {
            ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
            boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
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
