package mychat.server.room;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import mychat.server.history.ChatMessage;
import mychat.server.history.HistoryStore;

/**
 * How a room shares itself with the same room on other nodes of a cluster ({@code CHAT_STORE=redis}); null in
 * {@link Room.Settings} when the server runs alone. The shared side holds who is in the room (nicks are unique
 * across nodes), gives every message its id, and numbers every message, entry and exit of the room (its event
 * {@code seq}), which is the one order all nodes deliver in. Events come back to the room as {@link SharedEvent}s
 * (from other nodes, and its own), through {@link RoomCommand.Shared}.
 *
 * <p>Futures complete on the executor passed, like the history store's; they fail when the shared state cannot be
 * reached in time, and a failed change never takes effect later.
 */
public interface RoomPeers {

    /**
     * The room's shared state at one instant. {@code members}: token to nick, for every node. {@code messages}:
     * oldest first.
     */
    record Snapshot(long seq, long lastId, Map<String, String> members, List<ChatMessage> messages) {}

    /** What {@link #enter} did: the nick is the connection's from event {@code seq} on, or someone else's. */
    sealed interface Entry {
        record Entered(long seq) implements Entry {}

        record Taken() implements Entry {}
    }

    /** What {@link #say} did. */
    sealed interface Said {
        /** Stored under a new id as event {@code seq}. */
        record Stored(long seq, ChatMessage message) implements Said {}

        /** The sender's cid was used within its window; nothing new was stored. */
        record Duplicate(ChatMessage original) implements Said {}

        /** The sender no longer holds its nick: the cluster removed it (its node was judged dead). */
        record Gone() implements Said {}
    }

    /** Starts receiving the room's events, then reads its state with its newest {@code tail} messages. */
    CompletableFuture<Snapshot> start(String room, int tail);

    /** Reads the room's state and up to {@code limit} messages after {@code afterId}; ids never fall below it. */
    CompletableFuture<Snapshot> snapshot(String room, long afterId, int limit, Executor completions);

    /** A token no connection has used: what a membership is known by across nodes. */
    String newToken();

    /** Claims {@code nick} for the connection known by {@code token}; ids never fall below {@code idFloor}. */
    CompletableFuture<Entry> enter(String room, String nick, String token, long idFloor, Executor completions);

    /** Gives the nick up (the connection left); retried until the shared side has it, or the token no longer holds it. */
    void exit(String room, String nick, String token);

    /** Stores and publishes a message if {@code token} still holds the sender's nick. */
    CompletableFuture<Said> say(HistoryStore.Draft draft, String token, long idFloor, Executor completions);

    /**
     * Tells the other nodes that {@code nick} is typing, outside the room's event order; they pass it on through
     * {@link RoomCommand.PeerTyping}. Best effort: a lost hint is harmless.
     */
    void typing(String room, String nick);

    /** The room has no members on this node any more: stop receiving its events. */
    void release(String room);
}
