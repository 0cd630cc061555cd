package mychat.server.room;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import mychat.protocol.ServerEvent;
import mychat.server.metrics.ServerMetrics;
import mychat.server.wire.Frames;

/**
 * A room's way out: encodes each event once, writes the same bytes to every member that keeps up, holds events for
 * members whose replay is still loading, drops messages for members too far behind, and flushes every touched
 * channel once per batch. Owned by the room's event loop; never blocks.
 */
final class Fanout {
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final ServerMetrics metrics;
    private final List<Member> dirty = new ArrayList<>();

    Fanout(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Sends {@code event} to every member but {@code except}. {@code messageId} is the id of a chat message, or 0
     * for membership events, which are never dropped (a lagging member still learns who is in the room).
     *
     * <p>{@code lastOfTurn}: nothing else is queued for the room, so nothing more can join this batch; each member
     * is then flushed right after its write, while its channel is still in the CPU's caches, instead of in a
     * second pass over all members at the end of the turn (which, in a room of thousands, finds them evicted).
     * Otherwise the flush waits for the end of the turn, so that a member gets all of the turn's frames in one
     * socket write.
     *
     * @return true when some member was just found lagging (the room then schedules a laggard check)
     */
    boolean broadcast(List<Member> members, ServerEvent event, long messageId, Member except, long now,
                      boolean lastOfTurn) {
        if (members.isEmpty() || members.size() == 1 && except != null) {
            return false;
        }
        boolean newLaggard = false;
        int written = 0;
        int dropped = 0;
        ByteBuf frame = Frames.encode(event, alloc);
        try {
            for (int i = 0, n = members.size(); i < n; i++) {
                Member m = members.get(i);
                if (m == except || m.entering) { // an entering member starts with its replay
                    continue;
                }
                if (m.isCatchingUp()) {
                    m.held.add(event);
                    continue;
                }
                if (messageId > 0 && !keepsUp(m)) {
                    newLaggard |= !m.isLagging();
                    m.recordDrop(messageId, now);
                    dropped++;
                    continue;
                }
                if (lastOfTurn) {
                    m.write(frame);
                    m.flush();
                    m.dirty = false; // flushes what earlier events of this turn left too
                } else {
                    markDirty(m);
                    m.write(frame);
                }
                written++;
            }
            // Counted once per broadcast, not per delivery: two adds instead of a thousand.
            if (messageId > 0) {
                metrics.deliveries.add(written);
                metrics.droppedMessages.add(dropped);
            }
            metrics.bytesOut.add((long) written * frame.readableBytes());
        } finally {
            frame.release();
        }
        return newLaggard;
    }

    /**
     * Whether a member can take one more message: while its channel is writable. Once behind, it resumes only when
     * the channel is writable again, below the low-water mark, and is first told what it missed; the gap between
     * the marks keeps a member that hovers at the limit from flapping between the two states.
     */
    private boolean keepsUp(Member m) {
        if (m.isLagging()) {
            return catchUp(m);
        }
        return m.channel.isWritable();
    }

    /** What {@link #checkLaggards} found. */
    record LagCheck(List<Member> overdue, boolean stillLagging) {}

    /**
     * Looks at every lagging member: one that has drained enough gets the {@code lagged} notice and is caught up;
     * one behind for {@code timeoutMillis} or longer is overdue (the room closes it); the rest are still lagging.
     */
    LagCheck checkLaggards(List<Member> members, long now, long timeoutMillis) {
        List<Member> overdue = List.of();
        boolean stillLagging = false;
        for (int i = 0, n = members.size(); i < n; i++) {
            Member m = members.get(i);
            if (!m.isLagging() || catchUp(m)) {
                continue;
            }
            if (now - m.behindSinceMillis >= timeoutMillis) {
                if (overdue.isEmpty()) {
                    overdue = new ArrayList<>();
                }
                overdue.add(m);
            } else {
                stillLagging = true;
            }
        }
        return new LagCheck(overdue, stillLagging);
    }

    /** If a lagging member has drained enough, sends it the {@code lagged} notice; true if so. */
    private boolean catchUp(Member m) {
        if (!m.channel.isWritable()) {
            return false;
        }
        send(m, ServerEvent.Error.lagged(m.dropped, m.firstDroppedId, m.lastDroppedId));
        m.dropped = 0;
        return true;
    }

    /** Sends to one member, in order with its broadcasts (held back while its replay loads). */
    void send(Member m, ServerEvent event) {
        if (m.isCatchingUp()) {
            m.held.add(event);
            return;
        }
        sendNow(m, event);
    }

    /**
     * Ends a member's hold after its replay was sent: the live events held meanwhile follow, except messages up to
     * {@code lastReplayedId}, which the replay already had.
     */
    void releaseHold(Member m, long lastReplayedId) {
        List<ServerEvent> held = m.held;
        m.held = null;
        for (ServerEvent event : held) {
            if (!(event instanceof ServerEvent.Message message && message.id() <= lastReplayedId)) {
                sendNow(m, event);
            }
        }
    }

    /** Sends to one member now, bypassing the hold: for the replay itself. */
    void sendNow(Member m, ServerEvent event) {
        ByteBuf frame = Frames.encode(event, alloc);
        try {
            markDirty(m);
            m.write(frame);
        } finally {
            frame.release();
        }
    }

    /** A reply to a connection that is not a member. */
    void send(Channel channel, ServerEvent event) {
        channel.writeAndFlush(Frames.encode(event, channel.alloc()), channel.voidPromise());
    }

    void flush() {
        for (int i = 0, n = dirty.size(); i < n; i++) {
            Member m = dirty.get(i);
            if (m.dirty) { // not flushed since by a broadcast that was the last of its turn
                m.dirty = false;
                m.flush();
            }
        }
        dirty.clear();
    }

    private void markDirty(Member m) {
        if (!m.dirty) {
            m.dirty = true;
            dirty.add(m);
        }
    }
}
