package mychat.server.room;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import mychat.protocol.ErrorCode;
import mychat.protocol.Rules;
import mychat.protocol.ServerEvent;
import mychat.server.wire.Closing;
import mychat.server.wire.Frames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat room as an actor. It owns its members, their nicks and the order of its messages; only its own event loop
 * touches that state. Other threads talk to it through {@link #tell}, which only enqueues.
 *
 * <p>Broadcasts are encoded once; every member gets a duplicate of the same buffer, and each member's channel is
 * flushed once per mailbox batch rather than once per frame. A member that falls {@code roomBuffer} frames behind
 * stops receiving (events are counted as dropped) until it catches up, then gets one {@code lagged} error saying
 * how many it missed; a member behind for longer than the slow-consumer timeout is closed with 1008.
 */
public final class Room {
    private static final Logger log = LoggerFactory.getLogger(Room.class);

    /** Commands handled per turn before flushing and yielding the loop to other rooms and connections. */
    private static final int BATCH = 256;
    private static final long LAGGARD_CHECK_MILLIS = 200;

    private final String name;
    private final EventLoop loop;
    private final Clock clock;
    private final ByteBufAllocator alloc;
    private final int roomBuffer;
    private final long slowConsumerTimeoutMillis;
    private final Consumer<Room> onEmpty;

    private final Queue<RoomCommand> mailbox = PlatformDependent.newMpscQueue();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    /** Joins the hub has promised this room but the room has not handled yet; guards retirement. */
    private final AtomicInteger reservations = new AtomicInteger();
    /** Published for the hub's room list; written only by the room's loop. */
    private volatile int memberCount;

    // Owned by the room's loop.
    private final Map<Channel, Member> byChannel = new HashMap<>();
    private final Map<String, Member> byNickKey = new HashMap<>();
    private final TreeMap<String, Member> byNick = new TreeMap<>(Rules.CODE_POINT_ORDER);
    private final List<Member> members = new ArrayList<>();
    private final List<Member> dirty = new ArrayList<>();
    private boolean laggardCheckScheduled;
    private long lastTs;

    public Room(String name, EventLoop loop, Clock clock, int roomBuffer, long slowConsumerTimeoutMillis,
                Consumer<Room> onEmpty) {
        this.name = name;
        this.loop = loop;
        this.clock = clock;
        this.alloc = ByteBufAllocator.DEFAULT;
        this.roomBuffer = roomBuffer;
        this.slowConsumerTimeoutMillis = slowConsumerTimeoutMillis;
        this.onEmpty = onEmpty;
    }

    public String name() {
        return name;
    }

    /** Number of members as last published by the room's loop; any thread. */
    public int memberCount() {
        return memberCount;
    }

    /** Called by the hub, atomically with handing this room out for a join. */
    public void reserve() {
        reservations.incrementAndGet();
    }

    /** Called by the hub when a reserved join will never be sent. */
    public void unreserve() {
        reservations.decrementAndGet();
    }

    /** True when nobody is a member and no join is on its way; any thread. */
    public boolean isIdle() {
        return reservations.get() == 0 && memberCount == 0;
    }

    /** Enqueues a command for the room's loop. Never blocks; safe from any thread. */
    public void tell(RoomCommand command) {
        mailbox.offer(command);
        if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(drain);
        }
    }

    private void drain() {
        try {
            RoomCommand command;
            for (int handled = 0; handled < BATCH && (command = mailbox.poll()) != null; handled++) {
                try {
                    handle(command);
                } catch (RuntimeException e) {
                    log.error("room {}: command {} failed", name, command.getClass().getSimpleName(), e);
                }
            }
            flushDirty();
        } finally {
            drainScheduled.set(false);
            if (!mailbox.isEmpty() && drainScheduled.compareAndSet(false, true)) {
                loop.execute(drain);
            }
        }
    }

    private void handle(RoomCommand command) {
        switch (command) {
            case RoomCommand.Join join -> onJoin(join);
            case RoomCommand.Leave leave -> onLeave(leave);
            case RoomCommand.Say say -> onSay(say);
            case RoomCommand.Reply reply -> sendTo(reply.channel(), reply.event().get());
            case RoomCommand.CheckLaggards check -> onCheckLaggards();
        }
    }

    private void onJoin(RoomCommand.Join join) {
        reservations.decrementAndGet();
        if (!join.channel().isActive()) { // gone while the join was on its way
            join.isMember().complete(false);
            retireIfEmpty();
            return;
        }
        Member self = byChannel.get(join.channel());
        Member holder = byNickKey.get(Rules.nickKey(join.nick()));
        if (holder != null && holder != self) {
            sendTo(join.channel(), ServerEvent.Error.of(ErrorCode.NICK_TAKEN,
                    "nick \"" + join.nick() + "\" is already used in room \"" + name + "\""));
            join.isMember().complete(self != null);
            retireIfEmpty();
            return;
        }
        if (self == null) {
            self = add(join.channel(), join.nick());
            broadcast(new ServerEvent.UserJoined(self.nick), self);
            log.debug("room {}: {} joined ({} members)", name, self.nick, members.size());
        } else if (!self.nick.equals(join.nick())) {
            String old = self.nick;
            rename(self, join.nick());
            broadcast(new ServerEvent.UserLeft(old), self);
            broadcast(new ServerEvent.UserJoined(self.nick), self);
            log.debug("room {}: {} is now {}", name, old, self.nick);
        }
        sendTo(self, new ServerEvent.Joined(name, List.copyOf(byNick.keySet())));
        join.isMember().complete(true);
    }

    private void onLeave(RoomCommand.Leave leave) {
        Member member = byChannel.get(leave.channel());
        if (member == null) {
            if (leave.requested()) {
                sendTo(leave.channel(), ServerEvent.Error.of(ErrorCode.NOT_IN_ROOM));
            }
        } else {
            removeAndAnnounce(member);
            log.debug("room {}: {} left ({} members)", name, member.nick, members.size());
        }
        if (leave.handled() != null) {
            leave.handled().complete(null);
        }
    }

    private void onSay(RoomCommand.Say say) {
        Member member = byChannel.get(say.channel());
        if (member == null) {
            sendTo(say.channel(), ServerEvent.Error.of(ErrorCode.NOT_IN_ROOM));
            return;
        }
        lastTs = Math.max(lastTs, clock.millis()); // wall clock may step back; room order must not
        broadcast(new ServerEvent.Message(member.nick, say.text(), lastTs), null);
    }

    private void onCheckLaggards() {
        laggardCheckScheduled = false;
        long now = clock.millis();
        boolean stillLagging = false;
        for (int i = members.size() - 1; i >= 0; i--) {
            Member m = members.get(i);
            if (!m.isLagging()) {
                continue;
            }
            if (catchUp(m)) {
                continue;
            }
            if (now - m.behindSinceMillis >= slowConsumerTimeoutMillis) {
                log.debug("room {}: closing {}, behind for {} ms", name, m.nick, now - m.behindSinceMillis);
                Closing.close(m.channel, Closing.POLICY_VIOLATION,
                        "too slow: behind for more than " + slowConsumerTimeoutMillis + " ms");
                removeAndAnnounce(m);
            } else {
                stillLagging = true;
            }
        }
        if (stillLagging) {
            scheduleLaggardCheck();
        }
    }

    /** Encodes once and writes the same bytes to every member except {@code except} (null: everyone). */
    private void broadcast(ServerEvent event, Member except) {
        if (members.isEmpty() || members.size() == 1 && except != null) {
            return;
        }
        ByteBuf frame = Frames.encode(event, alloc);
        try {
            for (int i = 0, n = members.size(); i < n; i++) {
                Member m = members.get(i);
                if (m != except) {
                    deliver(m, frame);
                }
            }
        } finally {
            frame.release();
        }
    }

    /** Writes to a member, or drops the frame when the member is too far behind. MUST NOT block. */
    private void deliver(Member m, ByteBuf frame) {
        if (m.isLagging() && !catchUp(m)) {
            m.dropped++;
            return;
        }
        if (m.framesBehind() >= roomBuffer) {
            m.dropped = 1;
            m.behindSinceMillis = clock.millis();
            scheduleLaggardCheck();
            return;
        }
        markDirty(m);
        m.write(frame);
    }

    /**
     * If a lagging member has drained half its buffer, tells it how many events it missed and resumes delivery.
     * The half-way mark keeps a member hovering at the limit from flapping between the two states.
     */
    private boolean catchUp(Member m) {
        if (m.framesBehind() > roomBuffer / 2) {
            return false;
        }
        long dropped = m.dropped;
        m.dropped = 0;
        sendTo(m, ServerEvent.Error.lagged(dropped));
        return true;
    }

    private void sendTo(Member m, ServerEvent event) {
        ByteBuf frame = Frames.encode(event, alloc);
        try {
            markDirty(m);
            m.write(frame);
        } finally {
            frame.release();
        }
    }

    /** A reply to a connection that may not be a member. */
    private void sendTo(Channel channel, ServerEvent event) {
        Member member = byChannel.get(channel);
        if (member != null) {
            sendTo(member, event);
        } else {
            channel.writeAndFlush(Frames.encode(event, channel.alloc()), channel.voidPromise());
        }
    }

    private void markDirty(Member m) {
        if (!m.dirty) {
            m.dirty = true;
            dirty.add(m);
        }
    }

    private void flushDirty() {
        for (int i = 0, n = dirty.size(); i < n; i++) {
            Member m = dirty.get(i);
            m.dirty = false;
            m.channel.flush();
        }
        dirty.clear();
    }

    private void scheduleLaggardCheck() {
        if (!laggardCheckScheduled) {
            laggardCheckScheduled = true;
            loop.schedule(() -> tell(new RoomCommand.CheckLaggards()), LAGGARD_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private Member add(Channel channel, String nick) {
        Member m = new Member(channel, nick);
        m.index = members.size();
        members.add(m);
        byChannel.put(channel, m);
        byNickKey.put(Rules.nickKey(nick), m);
        byNick.put(nick, m);
        memberCount = members.size();
        return m;
    }

    private void rename(Member m, String nick) {
        byNickKey.remove(Rules.nickKey(m.nick));
        byNick.remove(m.nick);
        m.nick = nick;
        byNickKey.put(Rules.nickKey(nick), m);
        byNick.put(nick, m);
    }

    private void removeAndAnnounce(Member m) {
        int last = members.size() - 1;
        Member moved = members.get(last);
        members.set(m.index, moved);
        moved.index = m.index;
        members.remove(last);
        byChannel.remove(m.channel);
        byNickKey.remove(Rules.nickKey(m.nick));
        byNick.remove(m.nick);
        memberCount = members.size();
        broadcast(new ServerEvent.UserLeft(m.nick), null);
        retireIfEmpty();
    }

    private void retireIfEmpty() {
        if (members.isEmpty()) {
            onEmpty.accept(this);
        }
    }
}
