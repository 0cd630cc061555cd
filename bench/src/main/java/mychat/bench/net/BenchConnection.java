package mychat.bench.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import mychat.protocol.ClientRequest;
import mychat.protocol.Codec;

/**
 * One benchmark client: a WebSocket connection that joins {@code room} as {@code nick}, either as soon as the
 * handshake is done ({@code autoJoin}) or when {@link #join} is called, then counts what arrives in its loop's
 * {@link Tally}. It is its own inbound handler, last in the pipeline.
 *
 * <p>Threading: the futures, {@link #join}, {@link #close} and the accessors may be used from any thread; the rest
 * runs on the channel's event loop, and {@link #send} and {@link #flush} MUST be called there (the pacer does).
 */
public final class BenchConnection extends ChannelInboundHandlerAdapter {
    private final String room;
    private final String nick;
    private final Tallies tallies;
    private final Long since;
    private final boolean autoJoin;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<BenchConnection> connected = new CompletableFuture<>();
    private final CompletableFuture<BenchConnection> joined = new CompletableFuture<>();
    private volatile long joinedNanos;
    private volatile boolean recovered;
    private volatile boolean closing;
    private Channel channel;
    private Tally tally;
    /** Called for each {@code Message} this connection sent itself (closed-loop sending); loop only. */
    private Runnable onOwnMessage;
    private ByteBuf ownFromField;
    /** Something was written by {@link #sendAfterRead}; flushed when the current read completes. Loop only. */
    private boolean flushAfterRead;

    BenchConnection(String room, String nick, Long since, Tallies tallies, boolean autoJoin) {
        this.room = room;
        this.nick = nick;
        this.since = since;
        this.tallies = tallies;
        this.autoJoin = autoJoin;
    }

    public String room() {
        return room;
    }

    public String nick() {
        return nick;
    }

    /** Completes when the WebSocket handshake is done; fails if the connection or handshake fails. Any thread. */
    public CompletableFuture<BenchConnection> connected() {
        return connected;
    }

    /**
     * Sends the {@code Join} (for a connection opened without auto-join), with {@code since} when the connection
     * was opened with one. Any thread, after {@link #connected}.
     */
    public void join() {
        channel.writeAndFlush(new TextWebSocketFrame(Codec.encodeToString(new ClientRequest.Join(room, nick, since))),
                channel.voidPromise());
    }

    /** Completes when {@code Joined} arrives; fails if the connection, handshake or join fails. Any thread. */
    public CompletableFuture<BenchConnection> joined() {
        return joined;
    }

    /** Nanoseconds from opening the connection to its {@code Joined}; valid once {@link #joined} completed. */
    public long joinNanos() {
        return joinedNanos - startNanos;
    }

    /** Whether the {@code Joined} said {@code "recovered":true} (a resume the server could serve in full). */
    public boolean recovered() {
        return recovered;
    }

    public Channel channel() {
        return channel;
    }

    /** Writes one text frame with {@code json} (ownership passes on); no flush. On the channel's loop only. */
    public void send(ByteBuf json) {
        channel.write(new TextWebSocketFrame(json), channel.voidPromise());
    }

    public void flush() {
        channel.flush();
    }

    /**
     * Calls {@code listener} for every {@code Message} this connection itself sent that comes back, or stops that
     * ({@code null}). On the channel's loop only.
     */
    public void onOwnMessage(Runnable listener) {
        onOwnMessage = listener;
        ownFromField = listener == null ? null : FrameScan.fromField(nick);
    }

    /**
     * Writes like {@link #send}, and flushes once the read in progress completes: frames sent in reply to what one
     * read brought in share a system call. On the channel's loop, during a read (from an {@link #onOwnMessage}
     * listener).
     */
    public void sendAfterRead(ByteBuf json) {
        send(json);
        flushAfterRead = true;
    }

    /** Closes the socket without counting it as a disconnect; any thread. */
    public ChannelFuture close() {
        closing = true;
        return channel.close();
    }

    /** The connection attempt itself failed (refused, timed out). */
    void failed(Throwable cause) {
        fail(cause);
    }

    private void fail(Throwable cause) {
        connected.completeExceptionally(cause);
        joined.completeExceptionally(cause);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        tally = tallies.forLoop(channel.eventLoop());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            // Nothing can have arrived after the handshake response yet (servers speak after the join), and the
            // replaced decoder would hand on any bytes it held anyway.
            ctx.pipeline().replace(WebSocketFrameDecoder.class, "frame-reader",
                    new FrameReader(this::onText, ClientLoops.MAX_FRAME_PAYLOAD));
            connected.complete(this);
            if (autoJoin) {
                join();
            }
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            fail(new IOException("WebSocket handshake timed out"));
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame text) {
                onText(text.content());
            } else if (msg instanceof CloseWebSocketFrame close) {
                tally.onServerClose(close.statusCode());
                closing = true;
                ctx.close();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** A text frame's payload; {@code json}'s indexes frame it and it stays the caller's (see FrameReader). */
    private void onText(ByteBuf json) {
        switch (FrameScan.kind(json)) {
            case MESSAGE -> {
                tally.onMessage(json, System.nanoTime());
                if (onOwnMessage != null && FrameScan.isFrom(json, ownFromField)) {
                    onOwnMessage.run();
                }
            }
            case JOINED -> {
                tally.onEvent();
                if (!joined.isDone()) {
                    joinedNanos = System.nanoTime();
                    recovered = FrameScan.isRecovered(json);
                    joined.complete(this);
                }
            }
            case ERROR -> {
                if (FrameScan.isLagged(json)) {
                    tally.onLagged(FrameScan.dropped(json));
                    return;
                }
                String code = FrameScan.errorCode(json);
                tally.onError(code);
                if (!joined.isDone()) {
                    joined.completeExceptionally(new IOException("join of " + nick + " to " + room + " refused: "
                            + json.toString(StandardCharsets.UTF_8)));
                }
            }
            case MEMBERSHIP, OTHER -> tally.onEvent();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (flushAfterRead) {
            flushAfterRead = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!closing && tally != null) {
            tally.onDisconnect();
        }
        fail(new IOException("connection closed before Joined"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
        ctx.close();
    }
}
