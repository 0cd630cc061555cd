package mychat.server.history;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Where a room's messages are kept. The store gives each message its id, so that ids come from one place however
 * many rooms (or, later, nodes) write to it.
 *
 * <p>Threading: rooms call a store from their event loops and MUST NOT be blocked, so every method returns at once.
 * The futures of {@link #append} and {@link #read} are completed by a task run on the executor the caller passes
 * (a room passes its own mailbox), so a room handles the answer on its own thread, in its own turn, like any other
 * command. Appends through one executor complete in the order they were made.
 */
public interface HistoryStore extends AutoCloseable {

    /** A message a room wants stored; the store gives it its id. {@code cid} may be null. */
    record Draft(String room, long ts, String from, String text, String cid) {}

    /**
     * What {@link #append} did. {@code duplicate}: the sender (by case-folded nick) already sent a message with this
     * {@code cid} in this room within {@link mychat.protocol.Limits#CID_WINDOW_MILLIS} of the draft's time, and
     * {@code message} is that original; nothing new was stored.
     */
    record Appended(ChatMessage message, boolean duplicate) {}

    /** What a room needs when it starts: the last id ever used in it and its newest {@code tail} messages. */
    record RoomStart(long lastId, List<ChatMessage> tail) {}

    /**
     * Messages of one room, oldest first. {@code more}: messages exist beyond the page in the direction read.
     * {@code oldestId}: the oldest id the room still has (0 when it has none).
     */
    record Page(List<ChatMessage> messages, boolean more, long oldestId) {}

    /** Which end of an id range a {@link #read} takes its messages from. */
    enum From { OLDEST, NEWEST }

    /** Loads a room's start. Completes on a store thread; sees every append made before it. */
    CompletableFuture<RoomStart> open(String room, int tail);

    /**
     * Looks the draft's {@code cid} up and either stores the draft under the room's next id or returns the original
     * (see {@link Appended}). Completes on {@code completions} once the message is as durable as this store makes
     * anything; completes exceptionally if it cannot be stored, and then it never will be.
     */
    CompletableFuture<Appended> append(Draft draft, Executor completions);

    /**
     * Up to {@code limit} messages of {@code room} with ids in {@code (afterId, upToId]}, taken from the given end
     * of that range; completes on {@code completions}.
     */
    CompletableFuture<Page> read(String room, long afterId, long upToId, int limit, From from, Executor completions);

    /**
     * Deletes message {@code id} of {@code room}: reads no longer return it, and its id is never given out again.
     * Completes on {@code completions} with whether the store had it.
     */
    CompletableFuture<Boolean> delete(String room, long id, Executor completions);

    /** Every ban stored, expired ones included until {@link #removeBan} or a restart drops them; any thread. */
    CompletableFuture<List<Ban>> bans();

    /** Stores a ban and gives it its id; completes on a store thread. */
    CompletableFuture<Ban> addBan(Ban ban);

    /** Removes ban {@code id}; completes on a store thread with whether it existed. */
    CompletableFuture<Boolean> removeBan(long id);

    /** Appends handed over and not yet stored: the write queue's depth. */
    int pendingWrites();

    /** Stores what is pending and releases resources. Blocks until done or {@code timeoutMillis} passed. */
    void close(long timeoutMillis);

    @Override
    default void close() {
        close(5_000);
    }
}
