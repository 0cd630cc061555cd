package mychat.server.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import mychat.protocol.Limits;
import mychat.protocol.Rules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * History kept in memory only ({@code CHAT_STORE=memory}), lost when the process ends: the newest
 * {@code maxPerRoom} messages per room, and server-wide the newest messages that fit in {@code maxBytes} (estimated
 * heap use): past that, the oldest messages of the whole server go first, whichever room they are in, so memory
 * does not grow with the number of rooms ever written to. A room's last id is kept after its messages go, so ids
 * never repeat while the process runs. A {@code cid} is recognised as long as its message is kept.
 *
 * <p>One lock for everything: an append is a few pointer updates, and the server-wide age order needs one list.
 */
public final class MemoryHistoryStore implements HistoryStore {
    private static final Logger log = LoggerFactory.getLogger(MemoryHistoryStore.class);
    /** Estimated heap per message beside its texts: the message, its entry, deque slot, cid index and headers. */
    private static final int MESSAGE_OVERHEAD_BYTES = 160;

    private final int maxPerRoom;
    private final long maxBytes;
    private final Object lock = new Object();
    /** Everything below: under {@link #lock}. */
    private final Map<String, Ring> rooms = new HashMap<>();
    /** All kept messages in the order they were appended, across rooms; a doubly linked list. */
    private Entry oldest;
    private Entry newest;
    private long bytes;
    private boolean evicting;
    /** Bans by id, in the order they were made. */
    private final Map<Long, Ban> bans = new LinkedHashMap<>();
    private long lastBanId;

    private static final class Ring {
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        /** Kept messages that have a cid, by sender's nick key and cid. */
        final Map<String, Entry> byCid = new HashMap<>();
        long lastId;
    }

    private static final class Entry {
        final ChatMessage message;
        final Ring ring;
        final String cidKey;
        final int bytes;
        Entry older;
        Entry newer;

        Entry(ChatMessage message, Ring ring) {
            this.message = message;
            this.ring = ring;
            this.cidKey = message.cid() == null ? null : cidKey(message.from(), message.cid());
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

    /** Heap a kept message costs, roughly: strings counted at two bytes a char (the worst case). */
    static int estimatedBytes(ChatMessage m) {
        return MESSAGE_OVERHEAD_BYTES + 2 * m.text().length() + (m.cid() == null ? 0 : 80 + 4 * m.cid().length());
    }

    private static String cidKey(String nick, String cid) {
        return Rules.nickKey(nick) + '\u0000' + cid;
    }

    @Override
    public CompletableFuture<RoomStart> open(String room, int tail) {
        synchronized (lock) {
            Ring ring = rooms.computeIfAbsent(room, r -> new Ring());
            Page newestOfRoom = read(ring, 0, Long.MAX_VALUE, tail, From.NEWEST);
            return CompletableFuture.completedFuture(new RoomStart(ring.lastId, newestOfRoom.messages()));
        }
    }

    @Override
    public CompletableFuture<Appended> append(Draft draft, Executor completions) {
        Appended appended;
        synchronized (lock) {
            appended = appendLocked(draft);
        }
        CompletableFuture<Appended> done = new CompletableFuture<>();
        completions.execute(() -> done.complete(appended));
        return done;
    }

    private Appended appendLocked(Draft draft) {
        Ring ring = rooms.computeIfAbsent(draft.room(), r -> new Ring());
        if (draft.cid() != null) {
            Entry original = ring.byCid.get(cidKey(draft.from(), draft.cid()));
            if (original != null && original.message.ts() >= draft.ts() - Limits.CID_WINDOW_MILLIS) {
                return new Appended(original.message, true);
            }
        }
        ChatMessage message = new ChatMessage(draft.room(), ++ring.lastId, draft.ts(), draft.from(), draft.text(),
                draft.cid());
        Entry entry = new Entry(message, ring);
        ring.entries.addLast(entry);
        if (entry.cidKey != null) {
            ring.byCid.put(entry.cidKey, entry);
        }
        link(entry);
        while (ring.entries.size() > maxPerRoom) {
            forget(ring.entries.removeFirst());
        }
        // Never the message just appended: a room always keeps its newest one.
        while (bytes > maxBytes && oldest != entry) {
            Entry gone = oldest;
            gone.ring.entries.removeFirst(); // a room's oldest message is also the oldest of it in the list
            forget(gone);
            if (!evicting) {
                evicting = true;
                log.warn("memory store: {} MB of history reached; from now on the oldest messages of the whole "
                        + "server are dropped (a quarter of the heap: raise -Xmx in JAVA_OPTS to keep more)",
                        maxBytes >> 20);
            }
        }
        return new Appended(message, false);
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

    /** Unlinks an entry that has left its room's deque. */
    private void forget(Entry e) {
        if (e.cidKey != null) {
            e.ring.byCid.remove(e.cidKey, e);
        }
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
    public CompletableFuture<Page> read(String room, long afterId, long upToId, int limit, From from,
                                        Executor completions) {
        Page page;
        synchronized (lock) {
            Ring ring = rooms.get(room);
            page = ring == null ? new Page(List.of(), false, 0) : read(ring, afterId, upToId, limit, from);
        }
        CompletableFuture<Page> done = new CompletableFuture<>();
        completions.execute(() -> done.complete(page));
        return done;
    }

    private static Page read(Ring ring, long afterId, long upToId, int limit, From from) {
        long oldestId = ring.entries.isEmpty() ? 0 : ring.entries.getFirst().message.id();
        List<ChatMessage> taken = new ArrayList<>(Math.min(limit + 1, ring.entries.size()));
        Iterator<Entry> it = from == From.OLDEST ? ring.entries.iterator() : ring.entries.descendingIterator();
        while (it.hasNext() && taken.size() <= limit) {
            ChatMessage m = it.next().message;
            if (m.id() > afterId && m.id() <= upToId) {
                taken.add(m);
            }
        }
        boolean more = taken.size() > limit;
        List<ChatMessage> page = more ? taken.subList(0, limit) : taken;
        return new Page(List.copyOf(from == From.OLDEST ? page : page.reversed()), more, oldestId);
    }

    @Override
    public CompletableFuture<Boolean> delete(String room, long id, Executor completions) {
        boolean deleted = false;
        synchronized (lock) {
            Ring ring = rooms.get(room);
            if (ring != null) {
                Iterator<Entry> it = ring.entries.descendingIterator();
                while (it.hasNext()) {
                    Entry e = it.next();
                    if (e.message.id() == id) {
                        it.remove();
                        forget(e);
                        if (e.cidKey != null) { // a resend of it finds it deleted rather than storing it again
                            ChatMessage m = e.message;
                            ring.byCid.put(e.cidKey, new Entry(new ChatMessage(m.room(), m.id(), m.ts(), m.from(),
                                    "", m.cid()), ring));
                        }
                        deleted = true;
                        break;
                    }
                }
            }
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        boolean result = deleted;
        completions.execute(() -> done.complete(result));
        return done;
    }

    @Override
    public CompletableFuture<List<Ban>> bans() {
        synchronized (lock) {
            return CompletableFuture.completedFuture(List.copyOf(bans.values()));
        }
    }

    @Override
    public CompletableFuture<Ban> addBan(Ban ban) {
        synchronized (lock) {
            Ban stored = ban.withId(++lastBanId);
            bans.put(stored.id(), stored);
            return CompletableFuture.completedFuture(stored);
        }
    }

    @Override
    public CompletableFuture<Boolean> removeBan(long id) {
        synchronized (lock) {
            return CompletableFuture.completedFuture(bans.remove(id) != null);
        }
    }

    @Override
    public int pendingWrites() {
        return 0; // stored at once
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
