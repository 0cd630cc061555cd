package mychat.server.wire;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.AttributeKey;
import java.util.concurrent.TimeUnit;

/**
 * The server side of the WebSocket closing handshake, and the close codes it uses.
 *
 * <p>Why not just {@code writeAndFlush(close).addListener(CLOSE)}: if the peer is still sending (an oversized
 * message, a flood), closing a socket with unread input makes the kernel answer with a TCP reset, and a reset can
 * destroy the Close frame before the peer reads it. So after the Close frame is flushed we only half-close (FIN),
 * keep reading and discarding until the peer closes, and close for good after {@link #GRACE_MILLIS} at the latest.
 */
public final class Closing {

    /** Normal end of a session, and the answer to a peer's Close. */
    public static final int NORMAL = 1000;
    /** The server is shutting down, or the peer stopped answering pings. */
    public static final int GOING_AWAY = 1001;
    /** A WebSocket protocol violation (bad framing, undecodable input). */
    public static final int PROTOCOL_ERROR = 1002;
    /** A frame type the protocol does not use (binary). */
    public static final int UNSUPPORTED_DATA = 1003;
    /** Text that is not valid UTF-8. */
    public static final int INVALID_PAYLOAD = 1007;
    /** Policy: a member that stayed behind too long. */
    public static final int POLICY_VIOLATION = 1008;
    /** A message larger than the limit. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** A bug in the server: logged, and only this connection is closed. */
    public static final int INTERNAL_ERROR = 1011;
    /** The connection's place on this node is gone (cluster): reconnect, to any node, and resume. */
    public static final int SERVICE_RESTART = 1012;

    /** How long a closing connection may linger before the socket is closed regardless. */
    public static final long GRACE_MILLIS = 2_000;

    private static final AttributeKey<Boolean> CLOSING = AttributeKey.valueOf(Closing.class, "closing");

    private Closing() {}

    /** True once {@link #close} was called for this channel: inbound frames are then to be discarded. */
    public static boolean isClosing(Channel channel) {
        return channel.hasAttr(CLOSING) && channel.attr(CLOSING).get() != null;
    }

    /**
     * Starts the closing handshake: sends a Close frame with {@code code} and {@code reason}, half-closes, and
     * closes the socket when the peer does or after the grace period. Idempotent; safe from any thread.
     */
    public static void close(Channel channel, int code, String reason) {
        if (channel.attr(CLOSING).setIfAbsent(Boolean.TRUE) != null) {
            return;
        }
        if (!channel.isActive()) {
            channel.close();
            return;
        }
        channel.config().setAutoRead(true); // keep draining input so the kernel never resets the connection
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, GRACE_MILLIS, TimeUnit.MILLISECONDS);
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                channel.close();
            } else if (channel instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            }
        });
    }

    /** Answers a peer's Close frame: echo its code, then close, since the peer sends nothing after its Close. */
    public static void answerPeerClose(Channel channel, int peerCode) {
        if (channel.attr(CLOSING).setIfAbsent(Boolean.TRUE) != null) {
            channel.close(); // we initiated; this is the peer's answer, so the handshake is complete
            return;
        }
        CloseWebSocketFrame reply = peerCode == -1 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(peerCode, "");
        channel.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }
}
