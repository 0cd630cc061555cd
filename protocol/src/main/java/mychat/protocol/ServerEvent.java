package mychat.protocol;

import java.util.List;
import java.util.Objects;

/** Everything the server may send: one record per JSON {@code type}. */
public sealed interface ServerEvent {

    /** Names of the rooms with at least one member, in code point order. */
    record RoomList(List<String> rooms) implements ServerEvent {
        public RoomList {
            rooms = List.copyOf(rooms);
        }
    }

    /**
     * Sent to the joiner only: the room and its members (joiner included) in code point order.
     *
     * @param recovered for a join with {@code since}: true when every message after it follows, false when some
     *                  are no longer retained (the newest ones follow instead); null for a join without {@code since}
     */
    record Joined(String room, List<String> members, Boolean recovered) implements ServerEvent {
        public Joined {
            Objects.requireNonNull(room, "room");
            members = List.copyOf(members);
        }

        public Joined(String room, List<String> members) {
            this(room, members, null);
        }
    }

    /** Sent to the other members when someone joins. */
    record UserJoined(String nick) implements ServerEvent {
        public UserJoined {
            Objects.requireNonNull(nick, "nick");
        }
    }

    /** Sent to the remaining members when someone leaves, moves to another room or disconnects. */
    record UserLeft(String nick) implements ServerEvent {
        public UserLeft {
            Objects.requireNonNull(nick, "nick");
        }
    }

    /**
     * Sent to the other members while {@code nick} types: show it for about 5 seconds after the last one. Never
     * stored or replayed.
     */
    record Typing(String nick) implements ServerEvent {
        public Typing {
            Objects.requireNonNull(nick, "nick");
        }
    }

    /**
     * A chat line, sent to every member including its sender.
     *
     * @param room    the room it was said in
     * @param id      per room, strictly increasing, never reused
     * @param ts      server time of acceptance, milliseconds since the Unix epoch
     * @param history true when replayed from history (on join, or in a {@link HistoryPage}) rather than live
     * @param cid     the sender's idempotency key, or null
     */
    record Message(String room, long id, String from, String text, long ts, boolean history, String cid)
            implements ServerEvent {
        public Message {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(text, "text");
        }

        /** The same message, marked as replayed from history. */
        public Message asHistory() {
            return history ? this : new Message(room, id, from, text, ts, true, cid);
        }
    }

    /**
     * An answer to a {@code History} request: messages oldest first; {@code more} when there are further messages
     * in the direction asked.
     */
    record HistoryPage(String room, List<Message> messages, boolean more) implements ServerEvent {
        public HistoryPage {
            Objects.requireNonNull(room, "room");
            messages = List.copyOf(messages);
        }
    }

    /** An operator's notice to a room, sent to its members; not stored. {@code ts}: server time, as for messages. */
    record Notice(String room, String text, long ts) implements ServerEvent {
        public Notice {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(text, "text");
        }
    }

    /** An operator deleted message {@code id} of {@code room}: clients remove it; history no longer returns it. */
    record MessageDeleted(String room, long id) implements ServerEvent {
        public MessageDeleted {
            Objects.requireNonNull(room, "room");
        }
    }

    /**
     * A refused request or a notice about this connection. The connection stays open.
     *
     * @param code    machine-readable reason
     * @param reason  human-readable explanation
     * @param dropped for {@link ErrorCode#LAGGED}: how many messages were dropped; otherwise null
     * @param from    for {@link ErrorCode#LAGGED}: the first dropped message id; otherwise null
     * @param to      for {@link ErrorCode#LAGGED}: the last dropped message id; otherwise null
     * @param retryAfterMs for {@link ErrorCode#RATE_LIMITED}: how long to wait before the request would pass
     */
    record Error(ErrorCode code, String reason, Long dropped, Long from, Long to, Long retryAfterMs)
            implements ServerEvent {
        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }

        /** An error with the code's standard explanation. */
        public static Error of(ErrorCode code) {
            return new Error(code, code.defaultReason(), null, null, null, null);
        }

        /** An error with a specific explanation. */
        public static Error of(ErrorCode code, String reason) {
            return new Error(code, reason, null, null, null, null);
        }

        /**
         * The notice a slow member gets once it catches up: {@code dropped} messages, ids {@code from} to
         * {@code to}, never reached it; a {@code History} request with {@code after = from - 1} fetches them.
         */
        public static Error lagged(long dropped, long from, long to) {
            return new Error(ErrorCode.LAGGED, "you fell behind; " + dropped
                    + (dropped == 1 ? " message was" : " messages were") + " dropped (ids " + from + " to " + to + ")",
                    dropped, from, to, null);
        }

        /** A refusal for going too fast: the same request would pass after {@code retryAfterMs}. */
        public static Error rateLimited(String what, long retryAfterMs) {
            return new Error(ErrorCode.RATE_LIMITED, "too many " + what + "; try again in " + retryAfterMs + " ms",
                    null, null, null, retryAfterMs);
        }
    }
}
