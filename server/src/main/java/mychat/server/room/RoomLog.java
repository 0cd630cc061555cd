package mychat.server.room;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import mychat.server.history.ChatMessage;
import mychat.server.history.HistoryStore;

/**
 * A room's memory of its messages: the newest delivered ones (replayed to joiners without asking the store), the id
 * of the last one delivered, and the time of the last one (message times never go back, whatever the wall clock
 * does). Owned by the room's event loop.
 *
 * <p>Messages are broadcast only once stored, in id order, so everything up to {@link #lastDeliveredId} is in the
 * store, and the tail holds the newest of them.
 */
final class RoomLog {
    private final int tailSize;
    private final Deque<ChatMessage> tail = new ArrayDeque<>();
    private long lastDeliveredId;
    private long lastTs;

    RoomLog(int tailSize, HistoryStore.RoomStart start) {
        this.tailSize = tailSize;
        this.lastDeliveredId = start.lastId();
        for (ChatMessage m : start.tail()) {
            tail.addLast(m);
        }
        trimTail();
        if (!start.tail().isEmpty()) {
            lastTs = start.tail().getLast().ts();
        }
    }

    long lastDeliveredId() {
        return lastDeliveredId;
    }

    /** The time for a message said {@code now}: never before the previous one's. */
    long nextTs(long now) {
        lastTs = Math.max(lastTs, now);
        return lastTs;
    }

    /** Records that {@code m} was stored and is being broadcast now. */
    void delivered(ChatMessage m) {
        lastDeliveredId = Math.max(lastDeliveredId, m.id());
        tail.addLast(m);
        trimTail();
    }

    /** Forgets a deleted message, so that joins no longer replay it; its id stays used. */
    void forget(long id) {
        tail.removeIf(m -> m.id() == id);
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
}
