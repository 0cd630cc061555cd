package mychat.protocol;

import java.util.HashMap;
import java.util.Map;

/** The machine-readable {@code code} of an {@link ServerEvent.Error}, with its wire name and standard reason. */
public enum ErrorCode {
    BAD_REQUEST("bad_request", "malformed request"),
    NOT_IN_ROOM("not_in_room", "join a room first"),
    INVALID_NICK("invalid_nick",
            "nick must be 1 to " + Limits.MAX_NICK_CHARS + " characters without whitespace or control characters"),
    NICK_TAKEN("nick_taken", "another member of that room already uses this nick"),
    INVALID_ROOM("invalid_room",
            "room must be 1 to " + Limits.MAX_ROOM_CHARS + " characters without whitespace or control characters"),
    TOO_LONG("too_long", "message text is longer than " + Limits.MAX_TEXT_BYTES + " UTF-8 bytes"),
    EMPTY_MESSAGE("empty_message", "message text is empty or only whitespace"),
    LAGGED("lagged", "you fell behind and some messages were dropped"),
    UNAVAILABLE("unavailable", "the server could not store or read messages just now; try again"),
    FORBIDDEN("forbidden", "you may not join that room"),
    RATE_LIMITED("rate_limited", "too many requests; slow down"),
    TOKEN_EXPIRED("token_expired", "your token has expired; send Auth with a fresh one"),
    INVALID_TOKEN("invalid_token", "that token is not valid"),
    KICKED("kicked", "an operator removed you from the room"),
    ROOM_CLOSED("room_closed", "an operator closed the room");

    private static final Map<String, ErrorCode> BY_WIRE_NAME = new HashMap<>();

    static {
        for (ErrorCode code : values()) {
            BY_WIRE_NAME.put(code.wireName, code);
        }
    }

    private final String wireName;
    private final String defaultReason;

    ErrorCode(String wireName, String defaultReason) {
        this.wireName = wireName;
        this.defaultReason = defaultReason;
    }

    /** The value of the JSON {@code code} field. */
    public String wireName() {
        return wireName;
    }

    public String defaultReason() {
        return defaultReason;
    }

    /** The code with this wire name, or null for a code this version does not know. */
    public static ErrorCode fromWireName(String wireName) {
        return BY_WIRE_NAME.get(wireName);
    }
}
