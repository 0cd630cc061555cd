package mychat.server.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * History kept in memory only ({@code CHAT_STORE=memory}): a ring of the newest {@code maxPerRoom} messages per room,
 * lost when the process ends. Each room's ring is guarded by its own monitor; rooms never share a lock.
 */
public final class MemoryHistoryStore implements HistoryStore {
    private final int maxPerRoom;
    private final ConcurrentHashMap<String, Ring> rooms = new ConcurrentHashMap<>();

    public MemoryHistoryStore(int maxPerRoom) {
        this.maxPerRoom = maxPerRoom;
    }

    private static final class Ring {
        final Deque<ChatMessage> messages = new ArrayDeque<>();
        long lastId;
    }

    @Override
    public CompletableFuture<RoomStart> open(String room, int tail, long cidSinceMillis) {
        Ring ring = rooms.computeIfAbsent(room, r -> new Ring());
        synchronized (ring) {
            List<ChatMessage> newest = newest(ring, tail, Long.MAX_VALUE);
            List<ChatMessage> withCid = new ArrayList<>();
            for (ChatMessage m : ring.messages) {
                if (m.cid() != null && m.ts() >= cidSinceMillis) {
                    withCid.add(m);
                }
            }
            return CompletableFuture.completedFuture(new RoomStart(ring.lastId, newest, withCid));
        }
    }

    @Override
    public CompletableFuture<Void> append(ChatMessage message) {
        Ring ring = rooms.computeIfAbsent(message.room(), r -> new Ring());
        synchronized (ring) {
            ring.messages.addLast(message);
            ring.lastId = Math.max(ring.lastId, message.id());
            while (ring.messages.size() > maxPerRoom) {
                ring.messages.removeFirst();
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Page> page(String room, Long before, Long after, int limit, long upTo) {
        Ring ring = rooms.get(room);
        if (ring == null) {
            return CompletableFuture.completedFuture(new Page(List.of(), false, 0));
        }
        synchronized (ring) {
            long oldest = ring.messages.isEmpty() ? 0 : ring.messages.getFirst().id();
            List<ChatMessage> page = new ArrayList<>();
            boolean more;
            if (after != null) {
                Iterator<ChatMessage> it = ring.messages.iterator();
                more = false;
                while (it.hasNext()) {
                    ChatMessage m = it.next();
                    if (m.id() <= after || m.id() > upTo) {
                        continue;
                    }
                    if (page.size() == limit) {
                        more = true;
                        break;
                    }
                    page.add(m);
                }
            } else {
                long below = before != null ? Math.min(before - 1, upTo) : upTo;
                page = newest(ring, limit, below);
                more = !page.isEmpty() && page.getFirst().id() > oldest;
            }
            return CompletableFuture.completedFuture(new Page(page, more, oldest));
        }
    }

    /** The newest {@code limit} messages with ids at most {@code maxId}, oldest first. */
    private static List<ChatMessage> newest(Ring ring, int limit, long maxId) {
        List<ChatMessage> reversed = new ArrayList<>(Math.min(limit, ring.messages.size()));
        Iterator<ChatMessage> it = ring.messages.descendingIterator();
        while (it.hasNext() && reversed.size() < limit) {
            ChatMessage m = it.next();
            if (m.id() <= maxId) {
                reversed.add(m);
            }
        }
        return reversed.reversed();
    }

    @Override
    public int pendingWrites() {
        return 0; // stored synchronously
    }

    @Override
    public void close(long timeoutMillis) {
        rooms.clear();
    }
}
