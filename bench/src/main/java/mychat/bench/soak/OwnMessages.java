package mychat.bench.soak;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The chat lines one client has sent, by sequence number (the last part of their cid, from 1 up): which the client
 * has not seen come back yet (it resends those after a reconnect, as real clients do), and which message id each
 * was given, so that a cid broadcast under a second id is caught by whoever receives it.
 *
 * <p>Ids are remembered for the newest {@link #REMEMBERED} sequence numbers only, which keeps a client's memory
 * fixed however long the run: at one line every few seconds that is longer than the server's own ten-minute cid
 * window. Owned by the event loop of the client's room; the room's other clients, on the same loop, call
 * {@link #record}.
 */
final class OwnMessages {
    /** What {@link #record} found. */
    enum Recorded {
        /** The first time any client saw this line. */
        FIRST,
        /** Seen before, with the same id. */
        SAME,
        /** Seen before with another id: the line was broadcast twice. Reported once per line. */
        SECOND_ID,
        /** Seen before with another id, already reported. */
        SECOND_ID_AGAIN,
        /** Too old to tell, or a number this client never used. */
        UNKNOWN
    }

    static final int REMEMBERED = 512;

    private final int[] slotSeq = new int[REMEMBERED];
    private final long[] slotId = new long[REMEMBERED];
    private final boolean[] slotReported = new boolean[REMEMBERED];
    private final LinkedHashSet<Integer> unconfirmed = new LinkedHashSet<>();
    private int lastSeq;

    /** Numbers a new line and holds it as unconfirmed until the client sees it come back. */
    int next() {
        int seq = ++lastSeq;
        int slot = seq % REMEMBERED;
        slotSeq[slot] = seq;
        slotId[slot] = 0;
        slotReported[slot] = false;
        unconfirmed.add(seq);
        return seq;
    }

    /** Lines numbered so far. */
    int sent() {
        return lastSeq;
    }

    /** Some client received line {@code seq} as message {@code id}. */
    Recorded record(int seq, long id) {
        int slot = seq % REMEMBERED;
        if (seq < 1 || seq > lastSeq || slotSeq[slot] != seq) {
            return Recorded.UNKNOWN;
        }
        if (slotId[slot] == 0) {
            slotId[slot] = id;
            return Recorded.FIRST;
        }
        if (slotId[slot] == id) {
            return Recorded.SAME;
        }
        if (slotReported[slot]) {
            return Recorded.SECOND_ID_AGAIN;
        }
        slotReported[slot] = true;
        return Recorded.SECOND_ID;
    }

    /** Whether any client received line {@code seq}; null when it is too old to tell. */
    Boolean seenByAnyone(int seq) {
        int slot = seq % REMEMBERED;
        return slotSeq[slot] != seq ? null : slotId[slot] != 0;
    }

    /** The sender saw its line come back; true if it was unconfirmed until now. */
    boolean confirm(int seq) {
        return unconfirmed.remove(seq);
    }

    boolean isUnconfirmed(int seq) {
        return unconfirmed.contains(seq);
    }

    /** Lines not seen back by the sender, oldest first. */
    List<Integer> unconfirmed() {
        return List.copyOf(unconfirmed);
    }

    int unconfirmedCount() {
        return unconfirmed.size();
    }
}
