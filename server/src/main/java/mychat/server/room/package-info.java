/**
 * Rooms: each {@link mychat.server.room.Room} is an actor that owns its members, their nicks and its message order.
 *
 * <p>Threading: a room is pinned to one Netty event loop. Every entry point ({@link mychat.server.room.Room#tell})
 * only enqueues a {@link mychat.server.room.RoomCommand}; the room's loop drains the mailbox in batches and is the
 * only thread that touches room state. A command that needs an answer carries its own {@code CompletableFuture}.
 *
 * <p>Uses: {@code history} (the store, answering on the room's mailbox), {@code wire} (encoding frames, closing slow
 * members), {@code metrics}, and Netty channels as the address of a member. Must not use {@code net} or {@code hub};
 * the hub hands a room a callback for retiring it when it empties.
 */
package mychat.server.room;
