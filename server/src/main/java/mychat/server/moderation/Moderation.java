package mychat.server.moderation;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The operators' actions on rooms. A server alone carries them out through its rooms ({@link LocalModeration});
 * a cluster node through Redis, so that they take effect on every node. Any thread; futures complete elsewhere.
 */
public interface Moderation {

    /** A room with members somewhere, and how many. */
    record RoomInfo(String name, int members) {}

    /**
     * A member. {@code node}: the cluster node it is connected to (null alone). {@code address}: its IP address,
     * where this node knows it (null otherwise).
     */
    record MemberInfo(String nick, String node, String address) {}

    /** What became of an action. */
    enum Outcome { DONE, NO_SUCH_ROOM, NO_SUCH_MEMBER, NO_SUCH_MESSAGE }

    /** Rooms with members, in code point order. */
    CompletableFuture<List<RoomInfo>> rooms();

    /** The room's members in nick order; null when the room has none. */
    CompletableFuture<List<MemberInfo>> members(String room);

    /** The member gets {@code kicked} with {@code reason} and is closed; the room gets {@code UserLeft}. */
    CompletableFuture<Outcome> kick(String room, String nick, String reason);

    /** Every member gets a {@code Notice}. */
    CompletableFuture<Outcome> notice(String room, String text);

    /** History no longer returns the message; members get {@code MessageDeleted}. */
    CompletableFuture<Outcome> deleteMessage(String room, long id);

    /** Every member gets {@code room_closed} and is out of the room. */
    CompletableFuture<Outcome> close(String room, String reason);
}
