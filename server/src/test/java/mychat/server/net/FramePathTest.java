package mychat.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import mychat.protocol.ServerEvent;
import mychat.server.ServerConfig;
import mychat.server.history.MemoryHistoryStore;
import mychat.server.hub.Hub;
import mychat.server.metrics.ServerMetrics;
import mychat.server.room.Room;
import mychat.server.telemetry.Tracing;
import mychat.server.wire.FramePath;
import mychat.server.wire.Frames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rooms write complete frames from the WebSocket encoder's place in the pipeline ({@link FramePath}). These tests
 * upgrade a real pipeline with the server's own handshake handler and check that the shortcut is taken there, and
 * that it is given up as soon as an outbound handler, which frames must pass through, sits behind the encoder.
 */
class FramePathTest {
    private final DefaultEventLoopGroup roomLoops = new DefaultEventLoopGroup(1);

    @AfterEach
    void stop() {
        roomLoops.shutdownGracefully();
    }

    private EmbeddedChannel upgradedConnection() {
        ServerConfig config = ServerConfig.forTests();
        ServerMetrics metrics = new ServerMetrics();
        Hub hub = new Hub(roomLoops, new Room.Settings(Clock.systemUTC(), new MemoryHistoryStore(10), metrics,
                10_000, 0, 10));
        NetContext context = new NetContext(config, hub, new DefaultChannelGroup(GlobalEventExecutor.INSTANCE),
                null, null, metrics, Tracing.OFF, Clock.systemUTC(), null);
        Admission admission = new Admission(config.abuse(), false, null, new ConnectionCounter(), metrics, Tracing.OFF,
                Clock.systemUTC());
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(8192),
                new HandshakeHandler(context, admission, null));
        channel.writeInbound(Unpooled.copiedBuffer("""
                GET / HTTP/1.1\r
                Host: localhost\r
                Upgrade: websocket\r
                Connection: Upgrade\r
                Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
                Sec-WebSocket-Version: 13\r
                \r
                """, StandardCharsets.US_ASCII));
        ByteBuf response = channel.readOutbound();
        assertThat(response.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
        response.release();
        return channel;
    }

    @Test
    void theServersUpgradedPipelineTakesFramesAtTheEncoderAndSendsThemUnchanged() {
        EmbeddedChannel channel = upgradedConnection();
        ChannelHandlerContext entry = FramePath.entry(channel);
        assertThat(entry).as("the shortcut is taken").isNotNull();
        assertThat(entry.handler()).isInstanceOf(WebSocketFrameEncoder.class);

        ByteBuf frame = Frames.encode(new ServerEvent.UserJoined("bob"), channel.alloc());
        ByteBuf expected = frame.copy();
        entry.writeAndFlush(frame);
        ByteBuf sent = channel.readOutbound();
        assertThat(sent).isEqualTo(expected);
        sent.release();
        expected.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void anOutboundHandlerBehindTheEncoderSendsFramesThroughTheWholePipeline() {
        EmbeddedChannel channel = upgradedConnection();
        String encoder = channel.pipeline().context(WebSocketFrameEncoder.class).name();
        channel.pipeline().addAfter(encoder, "compression", new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ctx.write(msg, promise);
            }
        });
        assertThat(FramePath.entry(channel)).isNull();
        channel.finishAndReleaseAll();
    }
}
