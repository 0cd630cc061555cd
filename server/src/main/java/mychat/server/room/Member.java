package mychat.server.room;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.opentelemetry.api.trace.Span;
import java.util.ArrayList;
import java.util.List;
import mychat.protocol.ServerEvent;
import mychat.server.wire.FramePath;

/**
 * One connection's membership in a room: its nick and its delivery state. Owned by the room's event loop.
 *
 * <p>Whether a member keeps up is its channel's writability: a channel turns unwritable once more bytes wait for its
 * socket than the high-water mark ({@code CHAT_ROOM_BUFFER} messages' worth) and writable again below the low-water
 * mark. Netty counts the bytes as they are written, from any thread, so the room sees its own writes at once.
 */
final class Member {
    final Channel channel;
    /** Where complete frames enter the channel's pipeline ({@link FramePath}); null: at the tail. */
    private final ChannelHandlerContext out;
    String nick;
    /** Position in the room's member list, for O(1) removal. */
    int index;
    /** Written to since the room's last flush. */
    boolean dirty;

    /** Messages dropped since this member fell behind (0 while it keeps up), and their id range. */
    long dropped;
    long firstDroppedId;
    long lastDroppedId;
    long behindSinceMillis;

    /**
     * Non-null while the member's replay is being read from the store: live events wait here so that they follow
     * the replay instead of overtaking it.
     */
    List<ServerEvent> held;

    /**
     * Messages of this member handed to the store and not yet broadcast, and the answers that came up meanwhile:
     * they wait so that the member sees its own message before the answer to a later request.
     */
    int storing;
    List<ServerEvent> deferred;

    /** In a cluster: what the membership is known by on every node. */
    String token;
    /**
     * In a cluster: the nick is being claimed and the entry has not reached the room's shared order yet. Such a
     * member gets no broadcasts (its replay will have them) and is held, so answers wait for its {@code Joined}.
     */
    boolean entering;
    /** In a cluster, while entering: the {@code since} of its join. */
    Long since;
    /** The trace span of its join, ended once its replay is out; null when ended (or never started). */
    Span joining;

    Member(Channel channel, String nick) {
        this.channel = channel;
        this.nick = nick;
        this.out = FramePath.entry(channel);
    }

    boolean isLagging() {
        return dropped > 0;
    }

    boolean isCatchingUp() {
        return held != null;
    }

    void holdUntilReplayed() {
        held = new ArrayList<>();
    }

    void recordDrop(long messageId, long now) {
        if (dropped == 0) {
            firstDroppedId = messageId;
            behindSinceMillis = now;
        }
        dropped++;
        lastDroppedId = messageId;
    }

    /**
     * Queues a retained duplicate of {@code frame}. MUST be called on the room's loop; MUST NOT flush (the room
     * flushes once per batch) and MUST NOT block.
     */
    void write(ByteBuf frame) {
        if (out != null) {
            out.write(frame.retainedDuplicate(), out.voidPromise());
        } else {
            channel.write(frame.retainedDuplicate(), channel.voidPromise());
        }
    }

    void flush() {
        if (out != null) {
            out.flush();
        } else {
            channel.flush();
        }
    }
}
