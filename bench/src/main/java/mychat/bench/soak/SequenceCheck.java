package mychat.bench.soak;

import java.util.Arrays;

/**
 * What one client has seen of its room's message ids, and whether each new id is where it should be. A room's ids go
 * up by exactly one, and the only holes a client may see are the ranges the server announced as dropped for it
 * ({@code lagged}). A client keeps one checker across its sessions, so a resume that the server says it recovered
 * must continue exactly after the last id seen.
 *
 * <p>The last {@link #WINDOW} ids are remembered as seen or not, to tell a duplicate (seen before) from a late
 * arrival (never seen, but a higher id came first). Not thread-safe: its client's event loop only.
 */
final class SequenceCheck {
    /** Where a message id fell. */
    enum Verdict {
        /** The first id after {@link #forget}: it sets where the sequence stands. */
        FIRST,
        /** The last id plus one. */
        IN_ORDER,
        /** Higher than the last id plus one, and no {@code lagged} announced the ids in between. */
        GAP,
        /** An id already seen, or one too old to tell (see {@link #onMessage}). */
        DUPLICATE,
        /** An id never seen that arrives after a higher one. */
        REORDERED
    }

    /** Where a {@code lagged} notice fell. */
    enum Lag {
        /** It starts right after the last id seen (or nothing was seen yet). */
        EXPECTED,
        /** It starts later: the ids between the last seen and its first were missed without notice. */
        AFTER_GAP,
        /** It announces as dropped ids at or before the last id seen. */
        OVERLAPPING,
        /** Its own figures disagree: {@code to < from}, or {@code dropped != to - from + 1}. */
        INCONSISTENT
    }

    static final int WINDOW = 4096;
    private static final long NONE = -1;

    /** Bit {@code id % WINDOW} is set when that id arrived; valid for ids in {@code (last - WINDOW, last]}. */
    private final long[] seen = new long[WINDOW / 64];
    private long last = NONE;
    /** Ids missing without notice, as found by the latest {@code GAP} or {@code AFTER_GAP}. */
    private long missing;

    /** The last id seen or announced as dropped, or -1 when the sequence starts afresh. */
    long last() {
        return last;
    }

    /** The {@code since} of a resuming join: the last id accounted for, or null when there is none. */
    Long resumeCursor() {
        return last == NONE ? null : last;
    }

    /** How many ids the latest {@code GAP} or {@code AFTER_GAP} skipped. */
    long missing() {
        return missing;
    }

    /**
     * Starts afresh: a join without {@code since}, or a resume the server could not recover, replays only the
     * newest messages, so the next id sets where the sequence stands.
     */
    void forget() {
        last = NONE;
        Arrays.fill(seen, 0);
    }

    /**
     * Records a message id. An id at or before the last one that is older than the window counts as a duplicate:
     * a replay that started too early is far likelier than a message overtaken by thousands of others.
     */
    Verdict onMessage(long id) {
        if (last == NONE) {
            advanceTo(id);
            mark(id);
            return Verdict.FIRST;
        }
        if (id == last + 1) {
            advanceTo(id);
            mark(id);
            return Verdict.IN_ORDER;
        }
        if (id > last) {
            missing = id - last - 1;
            advanceTo(id);
            mark(id);
            return Verdict.GAP;
        }
        if (last - id >= WINDOW || isMarked(id)) {
            return Verdict.DUPLICATE;
        }
        mark(id);
        return Verdict.REORDERED;
    }

    /** Records a {@code lagged} notice: ids {@code from} to {@code to} ({@code dropped} of them) will never come. */
    Lag onLagged(long from, long to, long dropped) {
        if (to < from || dropped != to - from + 1) {
            if (to > last) {
                advanceTo(to);
            }
            return Lag.INCONSISTENT;
        }
        if (last == NONE || from == last + 1) {
            advanceTo(to);
            return Lag.EXPECTED;
        }
        if (from > last + 1) {
            missing = from - last - 1;
            advanceTo(to);
            return Lag.AFTER_GAP;
        }
        if (to > last) {
            advanceTo(to);
        }
        return Lag.OVERLAPPING;
    }

    /** Moves the last id up to {@code id}, marking every id passed over as not seen. */
    private void advanceTo(long id) {
        if (last == NONE || id - last >= WINDOW) {
            Arrays.fill(seen, 0);
        } else {
            for (long skipped = last + 1; skipped <= id; skipped++) {
                int bit = (int) Math.floorMod(skipped, (long) WINDOW);
                seen[bit >>> 6] &= ~(1L << bit);
            }
        }
        last = id;
    }

    private void mark(long id) {
        int bit = (int) Math.floorMod(id, (long) WINDOW);
        seen[bit >>> 6] |= 1L << bit;
    }

    private boolean isMarked(long id) {
        int bit = (int) Math.floorMod(id, (long) WINDOW);
        return (seen[bit >>> 6] & (1L << bit)) != 0;
    }
}
