package mychat.client.state;

/**
 * One line of the scroll-back, before wrapping.
 *
 * @param timeMillis when it happened (server time for messages, local time otherwise)
 * @param nick       the author of a message, or null
 * @param room       the room of a message, or null
 * @param id         the message id (0 for anything but a delivered message)
 * @param cid        the idempotency key of one of our own messages, or null
 * @param earlier    a message replayed from history rather than received live
 */
public record Entry(Kind kind, long timeMillis, String nick, String text, String room, long id, String cid,
                    boolean earlier) {

    public enum Kind {
        /** Somebody else's message. */
        MESSAGE,
        /** A message of ours, confirmed by the server. */
        OWN_MESSAGE,
        /** A message of ours that the server has not confirmed yet. */
        PENDING,
        /** Joins, leaves, room lists and other notices. */
        INFO,
        /** A refusal from the server or a local mistake. */
        ERROR,
        /** Something the user should know went wrong but was handled (lag, lost connection). */
        WARNING,
        /** The line between replayed history and what arrives live. */
        DIVIDER
    }

    /** A notice or a line without message identity. */
    public Entry(Kind kind, long timeMillis, String nick, String text) {
        this(kind, timeMillis, nick, text, null, 0, null, false);
    }

    public boolean isMessage() {
        return kind == Kind.MESSAGE || kind == Kind.OWN_MESSAGE || kind == Kind.PENDING;
    }
}
