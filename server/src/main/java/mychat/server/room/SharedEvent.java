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
}
