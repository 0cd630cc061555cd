package mychat.server.history;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where messages are kept. Every method returns at once. A store may finish an {@link #append} made on an event
 * loop with a short task of its own on that loop, later in the same turn (the SQLite store commits there).
 */
public interface HistoryStore extends AutoCloseable {

    /**
     * What a room needs when it starts: the last id ever used in it, its newest {@code tail} messages and the
     * messages with a {@code cid} from the last {@code cidWindowMillis} (for duplicate detection after a restart).
     */
    record RoomStart(long lastId, List<ChatMessage> tail, List<ChatMessage> recentWithCid) {}

    /**
     * A page of messages, oldest first. {@code more}: messages exist beyond the page in the direction asked.
     * {@code oldestId}: the oldest id still retained in the room (0 when the room has none).
     */
    record Page(List<ChatMessage> messages, boolean more, long oldestId) {}

    CompletableFuture<RoomStart> open(String room, int tail, long cidSinceMillis);

    /** Stores {@code message}; completes once it is as durable as this store makes anything. */
    CompletableFuture<Void> append(ChatMessage message);

    /**
     * Up to {@code limit} messages with ids below {@code before}, or above {@code after}, or the newest when both
     * are null; never ids above {@code upTo} (what the room has already delivered).
     */
    CompletableFuture<Page> page(String room, Long before, Long after, int limit, long upTo);

    /** Messages handed over and not yet stored: the write queue's depth. */
    int pendingWrites();

    /** Writes what is pending and releases resources. Blocks until done or {@code timeoutMillis} passed. */
    void close(long timeoutMillis);

    @Override
    default void close() {
        close(5_000);
    }
}
