package mychat.protocol;

/** Everything a client may send: one record per JSON {@code type}. Fields are never null once decoded. */
public sealed interface ClientRequest {

    /** Asks for the names of all rooms that have members. Allowed at any time. */
    record ListRooms() implements ClientRequest {}

    /** Enters {@code room} as {@code nick}, leaving the current room first if there is one. */
    record Join(String room, String nick) implements ClientRequest {}

    /** Says {@code text} to the current room. */
    record SendMsg(String text) implements ClientRequest {}

    /** Leaves the current room. */
    record Leave() implements ClientRequest {}
}
