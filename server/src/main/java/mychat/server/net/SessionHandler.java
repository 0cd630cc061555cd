package mychat.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.ClosedChannelException;
import mychat.protocol.ClientRequest;
import mychat.protocol.Codec;
import mychat.protocol.Decoded;
import mychat.protocol.Limits;
import mychat.server.metrics.ServerMetrics;
import mychat.server.wire.Closing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket side of a connection: text frames become requests for the {@link Session}; control frames, the
 * heartbeat, back-pressure and every transport failure are handled here, each mapped to its close code.
 */
final class SessionHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);

    private final Session session;
    private final ServerMetrics metrics;
    /** When a frame last arrived (any frame: pongs are a sign of life too); read by {@link Heartbeat}. */
    private volatile long lastReadNanos = System.nanoTime();
    /** A ping went out since the last frame arrived. */
    private volatile boolean pinged;

    SessionHandler(Session session, ServerMetrics metrics) {
        this.session = session;
        this.metrics = metrics;
    }

    long lastReadNanos() {
        return lastReadNanos;
    }

    /** Records that a ping is going out; false when one already went out during this silence. */
    boolean markPinged() {
        if (pinged) {
            return false;
        }
        pinged = true;
        return true;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        lastReadNanos = System.nanoTime();
        pinged = false;
        if (Closing.isClosing(ctx.channel()) && !(frame instanceof CloseWebSocketFrame)) {
            return; // draining until the peer answers our Close
        }
        switch (frame) {
            case TextWebSocketFrame text -> onText(ctx, text.content());
            case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            case PongWebSocketFrame pong -> { } // any inbound frame already reset the idle timer
            case CloseWebSocketFrame close -> Closing.answerPeerClose(ctx.channel(), close.statusCode());
            case BinaryWebSocketFrame binary -> Closing.close(ctx.channel(), Closing.UNSUPPORTED_DATA,
                    "binary frames are not supported; send JSON text frames");
            case ContinuationWebSocketFrame cont -> { } // the aggregator in front never lets one through
            default -> log.warn("{}: unexpected frame {}", ctx.channel(), frame.getClass().getSimpleName());
        }
    }

    private void onText(ChannelHandlerContext ctx, ByteBuf content) {
        metrics.bytesIn.add(content.readableBytes());
        if (!ByteBufUtil.isText(content, StandardCharsets.UTF_8)) {
            Closing.close(ctx.channel(), Closing.INVALID_PAYLOAD, "text frame is not valid UTF-8");
            return;
        }
        Decoded<ClientRequest> decoded = content.hasArray()
                ? Codec.decodeRequest(content.array(), content.arrayOffset() + content.readerIndex(),
                        content.readableBytes())
                : Codec.decodeRequest(ByteBufUtil.getBytes(content));
        switch (decoded) {
            case Decoded.Ok<ClientRequest> ok -> session.onRequest(ok.value());
            case Decoded.Malformed<ClientRequest> bad -> session.onMalformed(bad.reason());
        }
    }

    /**
     * Back-pressure on requests: a client that sends but does not read its answers stops being read until its
     * outbound buffer drains, so its answers cannot pile up without bound.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateAutoRead(ctx.channel(), session);
        ctx.fireChannelWritabilityChanged();
    }

    /** Reads while the client takes its answers and the session is not switching rooms; always while closing. */
    static void updateAutoRead(Channel channel, Session session) {
        boolean read = Closing.isClosing(channel) || channel.isWritable() && !session.isSwitching();
        channel.config().setAutoRead(read);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        log.debug("{}: disconnected", ctx.channel());
        session.onDisconnect();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        switch (cause) {
            case CorruptedWebSocketFrameException e -> {
                log.debug("{}: protocol violation: {}", ctx.channel(), e.getMessage());
                Closing.close(ctx.channel(), e.closeStatus().code(), e.getMessage());
            }
            case TooLongFrameException e -> Closing.close(ctx.channel(), Closing.MESSAGE_TOO_BIG,
                    "message larger than " + Limits.MAX_FRAME_BYTES + " bytes");
            case ClosedChannelException e -> { } // a write raced with the close; nothing was lost that mattered
            case PrematureChannelClosureException e -> { } // the peer left in the middle of a fragmented message
            case DecoderException e -> {
                log.debug("{}: undecodable input: {}", ctx.channel(), e.toString());
                Closing.close(ctx.channel(), Closing.PROTOCOL_ERROR, "protocol error");
            }
            case IOException e -> {
                log.debug("{}: I/O error: {}", ctx.channel(), e.toString());
                ctx.close();
            }
            default -> {
                log.error("{}: unexpected error, closing this connection", ctx.channel(), cause);
                Closing.close(ctx.channel(), Closing.INTERNAL_ERROR, "internal server error");
            }
        }
    }
}
