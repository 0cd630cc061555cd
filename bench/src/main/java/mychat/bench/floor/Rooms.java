package mychat.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The floor server's rooms, and the members written to in the current loop turn, flushed once at its end. One event
 * loop owns all of it, so nothing is locked.
 */
final class Rooms {
    private final Map<String, List<Channel>> members = new HashMap<>();
    private final Set<Channel> unflushed = new LinkedHashSet<>();
    private boolean flushQueued;
    private long lastId;

    /** Adds {@code channel} to {@code room}; returns who was there before. */
    List<Channel> join(String room, Channel channel) {
        List<Channel> in = members.computeIfAbsent(room, r -> new ArrayList<>());
        List<Channel> before = List.copyOf(in);
        in.add(channel);
        return before;
    }

    void leave(String room, Channel channel) {
        List<Channel> in = members.get(room);
        if (in != null) {
            in.remove(channel);
        }
        unflushed.remove(channel);
    }

    List<Channel> of(String room) {
        return members.getOrDefault(room, List.of());
    }

    long nextId() {
        return ++lastId;
    }

    /** Writes {@code frame} (a complete WebSocket frame; consumed) to each of {@code to}, flushed after this turn. */
    void send(List<Channel> to, ByteBuf frame) {
        for (Channel c : to) {
            c.write(frame.retainedDuplicate(), c.voidPromise());
            unflushed.add(c);
        }
        frame.release();
        if (!flushQueued && !to.isEmpty()) {
            flushQueued = true;
            to.getFirst().eventLoop().execute(this::flushAll); // runs after this turn's reads
        }
    }

    private void flushAll() {
        for (Channel c : unflushed) {
            c.flush();
        }
        unflushed.clear();
        flushQueued = false;
    }
}
