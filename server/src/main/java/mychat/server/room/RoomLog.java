package mychat.server.room;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mychat.protocol.Limits;
import mychat.protocol.Rules;
import mychat.server.history.ChatMessage;
import mychat.server.history.HistoryStore;

/**
 * A room's message order and memory: the next id and timestamp, the newest delivered messages (replayed to joiners
 * without asking the store), and the recent {@code cid}s for duplicate detection. Owned by the room's event loop.
 *
 * <p>Two counters matter: {@link #lastId()} is the last id handed out (the message may still be on its way to the
 * store); {@link #lastDeliveredId()} is the last message broadcast. Messages are broadcast only once stored, in id
 * order, so everything up to {@code lastDeliveredId} is in the store and in the tail or older.
 */
final class RoomLog {
    /** Bounds the duplicate-detection memory of one room whatever the message rate. */
    private static final int MAX_REMEMBERED_CIDS = 10_000;

    private final String room;
    private final int tailSize;
    private final Deque<ChatMessage> tail = new ArrayDeque<>();
    /** nick key + NUL + cid, oldest first. */
    private final LinkedHashMap<String, ChatMessage> cids = new LinkedHashMap<>();
    private long lastId;
    private long lastDeliveredId;
    private long lastTs;

    RoomLog(String room, int tailSize, HistoryStore.RoomStart start) {
        this.room = room;
        this.tailSize = tailSize;
        this.lastId = start.lastId();
        this.lastDeliveredId = start.lastId();
        for (ChatMessage m : start.tail()) {
            tail.addLast(m);
        }
        trimTail();
        for (ChatMessage m : start.recentWithCid()) {
            cids.put(cidKey(m.from(), m.cid()), m);
        }
        if (!start.tail().isEmpty()) {
            lastTs = start.tail().getLast().ts();
        }
    }

    long lastId() {
        return lastId;
    }

    long lastDeliveredId() {
        return lastDeliveredId;
    }

    /** The message this nick already sent with this cid within the window, or null. */
    ChatMessage duplicateOf(String nick, String cid, long now) {
        if (cid == null) {
            return null;
        }
        expireCids(now);
        return cids.get(cidKey(nick, cid));
    }

    /** Gives a new message its id and time (never decreasing, whatever the wall clock does). */
    ChatMessage next(String nick, String text, String cid, long now) {
        lastTs = Math.max(lastTs, now);
        ChatMessage m = new ChatMessage(room, ++lastId, lastTs, nick, text, cid);
        if (cid != null) {
            cids.put(cidKey(nick, cid), m);
            while (cids.size() > MAX_REMEMBERED_CIDS) {
                cids.pollFirstEntry();
            }
        }
        return m;
    }

    /** Records that {@code m} was stored and is being broadcast now. */
    void delivered(ChatMessage m) {
        lastDeliveredId = Math.max(lastDeliveredId, m.id());
        tail.addLast(m);
        trimTail();
    }

    /** The newest {@code n} delivered messages still in memory, oldest first. */
    List<ChatMessage> newest(int n) {
        List<ChatMessage> out = new ArrayList<>(Math.min(n, tail.size()));
        Iterator<ChatMessage> it = tail.descendingIterator();
        while (it.hasNext() && out.size() < n) {
            out.add(it.next());
        }
        return out.reversed();
    }

    /**
     * The delivered messages after {@code since}, if memory holds all of them; null when the store must be asked.
     */
    List<ChatMessage> deliveredAfter(long since) {
        if (since >= lastDeliveredId) {
            return List.of();
        }
        if (tail.isEmpty() || tail.getFirst().id() > since + 1) {
            return null;
        }
        List<ChatMessage> out = new ArrayList<>();
        for (ChatMessage m : tail) {
            if (m.id() > since) {
                out.add(m);
            }
        }
        return out;
    }

    private void trimTail() {
        while (tail.size() > tailSize) {
            tail.removeFirst();
        }
    }

    private void expireCids(long now) {
        long cutoff = now - Limits.CID_WINDOW_MILLIS;
        Iterator<ChatMessage> it = cids.values().iterator();
        while (it.hasNext() && it.next().ts() < cutoff) {
            it.remove();
        }
    }

    private static String cidKey(String nick, String cid) {
        return Rules.nickKey(nick) + '\u0000' + cid;
    }
}
