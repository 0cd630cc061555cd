package mychat.server.room;

import mychat.server.history.ChatMessage;

/** A change to a room shared across nodes, numbered by the room's event {@code seq}: see {@link RoomPeers}. */
public sealed interface SharedEvent {
    long seq();

    /** A message was stored. */
    record Said(long seq, ChatMessage message) implements SharedEvent {}

    /** A connection ({@code token}) took {@code nick} in the room. */
    record Entered(long seq, String nick, String token) implements SharedEvent {}

    /** The connection ({@code token}) holding {@code nick} left, or was removed with its node. */
    record Exited(long seq, String nick, String token) implements SharedEvent {}

    /** An operator removed the connection ({@code token}) holding {@code nick}. */
    record Kicked(long seq, String nick, String token, String reason) implements SharedEvent {}

    /** An operator's notice to the room, at {@code ts} (Redis' clock). */
    record Noticed(long seq, String text, long ts) implements SharedEvent {}

    /** An operator deleted message {@code id}. */
    record Deleted(long seq, long id) implements SharedEvent {}

    /** An operator closed the room: every member on every node is out. */
    record Closed(long seq, String reason) implements SharedEvent {}
}
