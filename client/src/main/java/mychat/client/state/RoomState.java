package mychat.client.state;

import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import mychat.protocol.Rules;

/**
 * Where the user is: the room joined and the nick used there, a join still waiting for its answer, the room to go
 * back to after a reconnect, and who is in the room. It changes only through the transitions below, each named
 * after what happened.
 */
final class RoomState {
    /** How soon a rejoin refused for a nick still held is tried again. */
    static final java.time.Duration REJOIN_RETRY = java.time.Duration.ofSeconds(2);

    private final TreeSet<String> members = new TreeSet<>(Rules.CODE_POINT_ORDER);
    /** The room we are in and the nick we have there; null when in no room. */
    private String room;
    private String roomNick;
    /** A join sent and not yet answered: room and nick. */
    private String joiningRoom;
    private String joiningNick;
    /** The room to join again after a reconnect. */
    private String rejoinRoom;
    /** The join in flight goes back into a room after a reconnect (not a join the user asked for). */
    private boolean rejoining;

    /** @param autoJoin a room to join once connected, or null */
    RoomState(String autoJoin) {
        this.rejoinRoom = autoJoin;
    }

    /** The room we are in; null when in none. */
    String room() {
        return room;
    }

    String roomNick() {
        return roomNick;
    }

    /** The room of a join not answered yet; null when none is pending. */
    String joiningRoom() {
        return joiningRoom;
    }

    String joiningNick() {
        return joiningNick;
    }

    /** The room a reconnect goes back to (or the first connection joins); null for none. */
    String rejoinRoom() {
        return rejoinRoom;
    }

    SortedSet<String> members() {
        return members;
    }

    void joinSent(String target, String nick) {
        joiningRoom = target;
        joiningNick = nick;
        rejoining = false;
    }

    /** A join back into {@code target} after a reconnect. */
    void rejoinSent(String target, String nick) {
        joinSent(target, nick);
        rejoining = true;
    }

    /** Whether the join in flight goes back into a room after a reconnect. */
    boolean rejoining() {
        return joiningRoom != null && rejoining;
    }

    /**
     * {@code Joined} arrived. {@code nick} is the nick to assume when the join was not ours to track (the server
     * moved us back into a room after a reconnect).
     *
     * @return true when it answers a join of the room we were already in (a change of nick), false for a new room
     */
    boolean joined(String target, List<String> present, String nick) {
        boolean same = target.equals(room);
        room = target;
        roomNick = target.equals(joiningRoom) && joiningNick != null ? joiningNick : nick;
        joiningRoom = null;
        rejoinRoom = target;
        members.clear();
        members.addAll(present);
        return same;
    }

    /** We left the room on purpose: a reconnect must not put us back. */
    void left() {
        room = null;
        rejoinRoom = null;
        members.clear();
    }

    /** The connection dropped: remember the room (or the join in flight) to go back to once reconnected. */
    void connectionLost(boolean wasConnected) {
        if (wasConnected) {
            if (room != null) {
                rejoinRoom = room;
            } else if (joiningRoom != null) {
                rejoinRoom = joiningRoom;
            }
        }
        room = null;
        joiningRoom = null;
        members.clear();
    }

    /**
     * The nick was taken in the room we tried. The server moves you out of your old room before trying the new
     * one, so after a refused move we are in no room, and a reconnect must not put us back in the old one.
     */
    void nickRefused() {
        if (rejoining()) {
            joiningRoom = null; // rejoinRoom stays: the rejoin is tried again
            return;
        }
        if (joiningRoom != null && !joiningRoom.equals(room)) {
            left();
        }
        joiningRoom = null;
    }

    /** The server refused the join (invalid room or nick, forbidden). */
    void joinRefused() {
        joiningRoom = null;
    }

    /** The server says we are in no room. */
    void notInRoom() {
        room = null;
        members.clear();
    }

    void memberJoined(String nick) {
        members.add(nick);
    }

    void memberLeft(String nick) {
        members.remove(nick);
    }

    /** "3 members: ann, bob, cy", at most 20 names. */
    String describeMembers() {
        int n = members.size();
        Collection<String> shown = members.stream().limit(20).toList();
        String list = String.join(", ", shown) + (n > shown.size() ? " and " + (n - shown.size()) + " more" : "");
        return n + (n == 1 ? " member: " : " members: ") + list;
    }
}
