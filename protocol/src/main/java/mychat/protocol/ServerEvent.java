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

    /** Sent to the joiner only: the room and its members (joiner included) in code point order. */
    record Joined(String room, List<String> members) implements ServerEvent {
        public Joined {
            Objects.requireNonNull(room, "room");
            members = List.copyOf(members);
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
     * A chat line, sent to every member including its sender.
     *
     * @param ts server time of acceptance, milliseconds since the Unix epoch
     */
    record Message(String from, String text, long ts) implements ServerEvent {
        public Message {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A refused request or a notice about this connection. The connection stays open.
     *
     * @param code    machine-readable reason
     * @param reason  human-readable explanation
     * @param dropped for {@link ErrorCode#LAGGED}: how many events were dropped; otherwise null
     */
    record Error(ErrorCode code, String reason, Long dropped) implements ServerEvent {
        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }

        /** An error with the code's standard explanation. */
        public static Error of(ErrorCode code) {
            return new Error(code, code.defaultReason(), null);
        }

        /** An error with a specific explanation. */
        public static Error of(ErrorCode code, String reason) {
            return new Error(code, reason, null);
        }

        /** The notice a slow member gets once it catches up: {@code dropped} events never reached it. */
        public static Error lagged(long dropped) {
            return new Error(ErrorCode.LAGGED,
                    "you fell behind; " + dropped + (dropped == 1 ? " event was" : " events were") + " dropped",
                    dropped);
        }
    }
}
