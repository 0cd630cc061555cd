/**
 * Rooms: each {@link mychat.server.room.Room} is an actor that owns its members, their nicks and its message order.
 *
 * <pre>
 * Room          the actor: joins, leaves, messages, typing hints, history pages, slow members, operators'
 *               actions; alone or in a cluster
 * RoomCommand   what a room can be asked to do (sealed, one switch), operators' actions included
 * Mailbox       the room's queue and its turns on the event loop
 * Membership    who is in the room, by connection and by nick
 * Member        one connection's membership and delivery state
 * Fanout        encode once, write to every member that keeps up, drop for the rest, flush once per turn
 * RoomLog       the last delivered id and the newest messages, for replays without the store
 * RoomPeers     the seam to the same room on other nodes (cluster); SharedEvent, what comes back through it
 * SharedOrder   a room's place in the cluster-wide order: events applied by number, who is in the room everywhere
 * </pre>
 *
 * <p>Threading: a room is pinned to one Netty event loop. Every entry point ({@link mychat.server.room.Room#tell})
 * only enqueues a {@link mychat.server.room.RoomCommand}; the room's loop drains the mailbox in batches and is the
 * only thread that touches room state. A command that needs an answer carries its own {@code CompletableFuture}.
 *
 * <p>Uses: {@code history} (the store, answering on the room's mailbox), {@code wire} (encoding frames, closing slow
 * members), {@code metrics}, {@code telemetry} (ending the spans that commands carry), and Netty channels as the
 * address of a member. Must not use {@code net}, {@code hub} or {@code cluster}; the hub hands a room a callback
 * for retiring it when it empties, and the cluster implements {@link mychat.server.room.RoomPeers}.
 */
package mychat.server.room;
