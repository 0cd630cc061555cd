package mychat.server.room;

import io.netty.channel.Channel;
import io.opentelemetry.api.trace.Span;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import mychat.protocol.ServerEvent;

/** What a room can be asked to do. {@link Room} handles them in one exhaustive switch, in mailbox order. */
public sealed interface RoomCommand {

    /**
     * Become a member as {@code nick} (or change nick when already a member). The room answers the connection
     * itself ({@code Joined} and the replay, or {@code Error}); {@code isMember} tells the caller whether the
     * connection is a member afterwards. The hub reserved the room for this join; handling it releases the
     * reservation.
     *
     * @param since resume after this message id (null: replay the newest messages instead)
     * @param span  its trace span, ended by the room once the joiner has its replay (or its refusal)
     */
    record Join(Channel channel, String nick, Long since, CompletableFuture<Boolean> isMember, Span span)
            implements RoomCommand {
        public Join(Channel channel, String nick, Long since, CompletableFuture<Boolean> isMember) {
            this(channel, nick, since, isMember, Span.getInvalid());
        }
    }

    /**
     * Stop being a member. {@code requested}: the client sent {@code Leave}, so a non-member is told
     * {@code not_in_room}; otherwise (moving to another room, disconnecting) a non-member is ignored.
     * {@code handled}, when not null, completes once the room has handled it, member or not: everything the room
     * wrote to this connection before is then queued on it.
     */
    record Leave(Channel channel, boolean requested, CompletableFuture<Void> handled) implements RoomCommand {}

    /**
     * Say {@code text} (already validated) from this member, with its optional idempotency key.
     * {@code receivedNanos}: when the frame arrived ({@code System.nanoTime}), for the broadcast latency metric.
     * {@code span}: its trace span (the invalid span unless sampled), ended by the room after the broadcast.
     */
    record Say(Channel channel, String text, String cid, long receivedNanos, Span span) implements RoomCommand {
        public Say(Channel channel, String text, String cid, long receivedNanos) {
            this(channel, text, cid, receivedNanos, Span.getInvalid());
        }
    }

    /** This member is typing: the others are told, nothing is stored. */
    record Typing(Channel channel) implements RoomCommand {}

    /** A member on another node of the cluster is typing: the members here are told. */
    record PeerTyping(String nick) implements RoomCommand {}

    /** A page of history for this member; the room ends {@code span} once the page is sent. */
    record History(Channel channel, Long before, Long after, int limit, Span span) implements RoomCommand {}

    /**
     * Send {@code event} to {@code channel}, computed when the room gets to it: answers that must not overtake the
     * connection's earlier requests to this room go through the room's mailbox too.
     */
    record Reply(Channel channel, Supplier<ServerEvent> event) implements RoomCommand {}

    /** Timer tick while some member is behind: notify the ones that caught up, close the ones behind too long. */
    record CheckLaggards() implements RoomCommand {}

    /**
     * The next step of the room's own asynchronous work (a store's answer), run on the room's loop in mailbox order:
     * the room's executor, which it hands to the store, enqueues these.
     */
    record Continue(Runnable step) implements RoomCommand {}

    /** An event of the room's shared order (cluster): from another node, or this node's own answer. */
    record Shared(SharedEvent event) implements RoomCommand {}

    /** Read the shared state afresh (cluster): events may have been lost, e.g. while pub/sub reconnected. */
    record Resync() implements RoomCommand {}

    /** Timer tick while the shared order has a gap: resync if it is still the same gap. */
    record CheckGap(long applied) implements RoomCommand {}

    // ---- an operator's actions on a server alone (in a cluster they come as SharedEvents) ----------------------

    /** Remove the member holding {@code nick}: it gets {@code kicked} and is closed; {@code done}: whether it was here. */
    record Kick(String nick, String reason, CompletableFuture<Boolean> done) implements RoomCommand {}

    /** Send every member a {@code Notice}; {@code done}: whether the room had members. */
    record Notice(String text, CompletableFuture<Boolean> done) implements RoomCommand {}

    /** Delete message {@code id} from the history and tell the members; {@code done}: whether it existed. */
    record DeleteMessage(long id, CompletableFuture<Boolean> done) implements RoomCommand {}

    /** Remove every member, telling each {@code room_closed}; {@code done}: whether the room had members. */
    record Close(String reason, CompletableFuture<Boolean> done) implements RoomCommand {}

    /** Who is in the room on this node, in nick order. */
    record Members(CompletableFuture<List<Present>> answer) implements RoomCommand {}

    /** A member as operators see it. {@code address}: the client's IP address, or null if unknown. */
    record Present(String nick, String address) {}
}
