package mychat.server.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * History kept in memory only ({@code CHAT_STORE=memory}), lost when the process ends: the newest
 * {@code maxPerRoom} messages per room, and the newest messages server-wide that fit in {@code maxBytes} (estimated
 * heap use). Without the second bound, memory grew with the number of rooms ever written to, each up to
 * {@code maxPerRoom} messages, until the JVM ran out of heap; now, once the total passes it, the oldest messages
 * of the whole server go first, whichever room they are in. A room's last id is kept after its messages go, so
 * ids never repeat while the process runs.
 *
 * <p>One lock for everything: an append is a few pointer updates, and the server-wide age order needs one list.
 */
public final class MemoryHistoryStore implements HistoryStore {
    private static final Logger log = LoggerFactory.getLogger(MemoryHistoryStore.class);
    /** Estimated heap per message beside its texts: the message, its list entry, deque slot and string headers. */
    private static final int MESSAGE_OVERHEAD_BYTES = 160;

    private final int maxPerRoom;
    private final long maxBytes;
    private final Object lock = new Object();
    /** Everything below: under {@link #lock}. */
    private final Map<String, Ring> rooms = new HashMap<>();
    /** All stored messages in the order they were appended, across rooms; a doubly linked list. */
    private Entry oldest;
    private Entry newest;
    private long bytes;
    private boolean evicting;

    private static final class Ring {
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        long lastId;
    }

    private static final class Entry {
        final ChatMessage message;
        final Ring ring;
        final int bytes;
        Entry older;
        Entry newer;

        Entry(ChatMessage message, Ring ring) {
            this.message = message;
            this.ring = ring;
            this.bytes = estimatedBytes(message);
        }
    }

    /** Keeps at most {@code maxPerRoom} messages per room and, server-wide, a quarter of the JVM's maximum heap. */
    public MemoryHistoryStore(int maxPerRoom) {
        this(maxPerRoom, Runtime.getRuntime().maxMemory() / 4);
    }

    public MemoryHistoryStore(int maxPerRoom, long maxBytes) {
        if (maxPerRoom < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxPerRoom and maxBytes must be positive");
        }
        this.maxPerRoom = maxPerRoom;
        this.maxBytes = maxBytes;
    }

    /** Heap a stored message costs, roughly: strings counted at two bytes a char (the worst case). */
    static int estimatedBytes(ChatMessage m) {
        return MESSAGE_OVERHEAD_BYTES + 2 * m.text().length() + (m.cid() == null ? 0 : 40 + 2 * m.cid().length());
    }

    @Override
    public CompletableFuture<RoomStart> open(String room, int tail, long cidSinceMillis) {
        synchronized (lock) {
            Ring ring = rooms.computeIfAbsent(room, r -> new Ring());
            List<ChatMessage> newestOfRoom = newest(ring, tail, Long.MAX_VALUE);
            List<ChatMessage> withCid = new ArrayList<>();
            for (Entry e : ring.entries) {
                if (e.message.cid() != null && e.message.ts() >= cidSinceMillis) {
                    withCid.add(e.message);
                }
            }
            return CompletableFuture.completedFuture(new RoomStart(ring.lastId, newestOfRoom, withCid));
        }
    }

    @Override
    public CompletableFuture<Void> append(ChatMessage message) {
        synchronized (lock) {
            Ring ring = rooms.computeIfAbsent(message.room(), r -> new Ring());
            Entry entry = new Entry(message, ring);
            ring.entries.addLast(entry);
            ring.lastId = Math.max(ring.lastId, message.id());
            link(entry);
            while (ring.entries.size() > maxPerRoom) {
                unlink(ring.entries.removeFirst());
            }
            // Never the message just appended: a room always keeps its newest one.
            while (bytes > maxBytes && oldest != entry) {
                Entry gone = oldest;
                gone.ring.entries.removeFirst(); // a room's oldest message is the oldest of it in the list too
                unlink(gone);
                if (!evicting) {
                    evicting = true;
                    log.warn("memory store: {} MB of history reached; from now on the oldest messages of the whole "
                            + "server are dropped (a quarter of the heap: raise -Xmx in JAVA_OPTS to keep more)",
                            maxBytes >> 20);
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    private void link(Entry e) {
        e.older = newest;
        if (newest != null) {
            newest.newer = e;
        } else {
            oldest = e;
        }
        newest = e;
        bytes += e.bytes;
    }

    private void unlink(Entry e) {
        if (e.older != null) {
            e.older.newer = e.newer;
        } else {
            oldest = e.newer;
        }
        if (e.newer != null) {
            e.newer.older = e.older;
        } else {
            newest = e.older;
        }
        e.older = null;
        e.newer = null;
        bytes -= e.bytes;
    }

    @Override
    public CompletableFuture<Page> page(String room, Long before, Long after, int limit, long upTo) {
        synchronized (lock) {
            Ring ring = rooms.get(room);
            if (ring == null || ring.entries.isEmpty()) {
                return CompletableFuture.completedFuture(new Page(List.of(), false, 0));
            }
            long oldestId = ring.entries.getFirst().message.id();
            List<ChatMessage> page = new ArrayList<>();
            boolean more;
            if (after != null) {
                more = false;
                for (Entry e : ring.entries) {
                    ChatMessage m = e.message;
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
                more = !page.isEmpty() && page.getFirst().id() > oldestId;
            }
            return CompletableFuture.completedFuture(new Page(page, more, oldestId));
        }
    }

    /** The newest {@code limit} messages with ids at most {@code maxId}, oldest first. */
    private static List<ChatMessage> newest(Ring ring, int limit, long maxId) {
        List<ChatMessage> reversed = new ArrayList<>(Math.min(limit, ring.entries.size()));
        Iterator<Entry> it = ring.entries.descendingIterator();
        while (it.hasNext() && reversed.size() < limit) {
            ChatMessage m = it.next().message;
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
        synchronized (lock) {
            rooms.clear();
            oldest = null;
            newest = null;
            bytes = 0;
        }
    }
}
