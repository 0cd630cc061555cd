package mychat.bench.soak;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import mychat.protocol.ClientRequest;
import mychat.protocol.Codec;
import mychat.protocol.Decoded;
import mychat.protocol.ServerEvent;

/**
 * One connection of a {@link ChurnClient}: the last handler of its pipeline. It decodes each text frame with the
 * protocol's own decoder (as the real client does) and hands the event to the client, together with itself, so
 * that the client can ignore whatever a connection it has already given up still delivers. Also holds what only
 * matters for this one connection. Runs on the connection's event loop, which is its client's.
 */
final class ChurnSession extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final ChurnClient client;
    private Channel channel;
    /** The {@code since} of the latest {@code Join} on this connection; null for a fresh join. */
    Long since;
    /**
     * Lines sent on this connection that no answer has come for yet, oldest first. Answers arrive in request
     * order, so a refusal ({@code rate_limited}, {@code unavailable}) is for the oldest.
     */
    final ArrayDeque<Integer> unanswered = new ArrayDeque<>();
    /** Lines sent again on this connection: the server may answer each with an echo of the original. */
    final Set<Integer> resent = new HashSet<>();
    /** The client stopped reading this connection at some point. */
    boolean paused;
    /** The client ended this connection; a Close from the server is then only its answer. */
    boolean endedByClient;
    /** The status of the server's Close frame, if one came. */
    Integer serverCloseCode;

    ChurnSession(ChurnClient client) {
        this.client = client;
    }

    Channel channel() {
        return channel;
    }

    /** Writes one request as a text frame and flushes it. On the connection's loop. */
    void send(ClientRequest request) {
        channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(Codec.encode(request))),
                channel.voidPromise());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            client.onOpen(this);
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame text) {
            switch (Codec.decodeEvent(ByteBufUtil.getBytes(text.content()))) {
                case Decoded.Ok<ServerEvent> ok -> client.onEvent(this, ok.value());
                case Decoded.Malformed<ServerEvent> bad -> client.onMalformed(this);
            }
        } else if (frame instanceof CloseWebSocketFrame close) {
            if (serverCloseCode == null) {
                serverCloseCode = close.statusCode();
            }
            client.onServerClose(this, close.statusCode());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        client.onClosed(this);
        super.channelInactive(ctx);
    }

    /** A failed handshake, a reset, a write to a closed socket: the connection is over either way. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
