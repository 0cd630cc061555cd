package mychat.protocol;

/** Everything a client may send: one record per JSON {@code type}. Fields are never null once decoded. */
public sealed interface ClientRequest {

    /** Asks for the names of all rooms that have members. Allowed at any time. */
    record ListRooms() implements ClientRequest {}

    /**
     * Enters {@code room} as {@code nick}, leaving the current room first if there is one.
     *
     * @param since the last message id the client saw in this room, to resume after it; null for a fresh join
     */
    record Join(String room, String nick, Long since) implements ClientRequest {
        public Join(String room, String nick) {
            this(room, nick, null);
        }
    }

    /**
     * Says {@code text} to the current room.
     *
     * @param cid a client-chosen idempotency key (1..64 characters) or null; a repeat is not stored twice
     */
    record SendMsg(String text, String cid) implements ClientRequest {
        public SendMsg(String text) {
            this(text, null);
        }
    }

    /** Replaces the connection's token with a fresh one for the same user (when the server requires tokens). */
    record Auth(String token) implements ClientRequest {}

    /**
     * Asks for a page of the current room's history: messages before {@code before}, or after {@code after}, or the
     * newest when both are null; at most {@code limit} (1..200).
     */
    record History(Long before, Long after, int limit) implements ClientRequest {
        public static History newest(int limit) {
            return new History(null, null, limit);
        }

        public static History before(long id, int limit) {
            return new History(id, null, limit);
        }

        public static History after(long id, int limit) {
            return new History(null, id, limit);
        }
    }

    /** Leaves the current room. */
    record Leave() implements ClientRequest {}

    /**
     * The user is typing in the current room; the other members get {@link ServerEvent.Typing}. Not stored. Useful
     * at most every 3 seconds while typing goes on; counts against the request rate limit.
     */
    record Typing() implements ClientRequest {}
}
