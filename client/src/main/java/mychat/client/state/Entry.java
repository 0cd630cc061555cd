package mychat.client.state;

/**
 * One line of the scroll-back, before wrapping.
 *
 * @param timeMillis when it happened (server time for messages, local time otherwise)
 * @param nick       the author of a message, or null
 */
public record Entry(Kind kind, long timeMillis, String nick, String text) {

    public enum Kind {
        /** Somebody else's message. */
        MESSAGE,
        /** A message of ours. */
        OWN_MESSAGE,
        /** Joins, leaves, room lists and other notices. */
        INFO,
        /** A refusal from the server or a local mistake. */
        ERROR,
        /** Something the user should know went wrong but was handled (lag, lost connection). */
        WARNING
    }

    public boolean isMessage() {
        return kind == Kind.MESSAGE || kind == Kind.OWN_MESSAGE;
    }
}
