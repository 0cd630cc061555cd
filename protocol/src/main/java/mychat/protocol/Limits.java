package mychat.protocol;

/** The numeric limits of protocol v1. {@link Rules} applies them. */
public final class Limits {
    /** Longest nick, in Unicode code points. */
    public static final int MAX_NICK_CHARS = 32;
    /** Longest room name, in Unicode code points. */
    public static final int MAX_ROOM_CHARS = 64;
    /** Longest message text, in UTF-8 bytes (exactly this many is accepted). */
    public static final int MAX_TEXT_BYTES = 2048;
    /** Largest WebSocket message the server accepts, in bytes; larger ones close the connection with 1009. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    /** Most messages one {@code History} request may ask for, and how many it gets when it does not say. */
    public static final int MAX_HISTORY_PAGE = 200;
    public static final int DEFAULT_HISTORY_PAGE = 50;
    /** Longest {@code cid}, in Unicode code points. */
    public static final int MAX_CID_CHARS = 64;
    /** How long a {@code cid} is remembered for duplicate detection. */
    public static final long CID_WINDOW_MILLIS = 10 * 60 * 1000;
    /** The subprotocol name of this version. */
    public static final String SUBPROTOCOL = "chat.v1";

    private Limits() {}
}
