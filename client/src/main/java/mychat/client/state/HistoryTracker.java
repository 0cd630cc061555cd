package mychat.client.state;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

/**
 * What the client knows of each room's message ids: which it has shown (to drop duplicates), the last one seen
 * (the resume cursor for a reconnect), the oldest one loaded (where the next older page starts) and whether the
 * start of the history was reached. Also the {@code History} requests in flight, answered in the order sent.
 */
final class HistoryTracker {
    /** Why a {@code History} request was sent. */
    sealed interface Request {
        String room();
    }

    /** Older messages for scrolling back. */
    record Older(String room) implements Request {}

    /** Messages a {@code lagged} notice said were dropped, up to id {@code to}. */
    record Gap(String room, long to) implements Request {}

    private static final class RoomIds {
        final Set<Long> shown = new HashSet<>();
        long lastSeen;
        long oldest = Long.MAX_VALUE;
        boolean reachedStart;
    }

    private final Map<String, RoomIds> rooms = new HashMap<>();
    private final Queue<Request> inFlight = new ArrayDeque<>();

    private RoomIds of(String room) {
        return rooms.computeIfAbsent(room, r -> new RoomIds());
    }

    /** Records a message; false when it was shown already. */
    boolean firstSighting(String room, long id) {
        RoomIds ids = of(room);
        if (!ids.shown.add(id)) {
            return false;
        }
        ids.lastSeen = Math.max(ids.lastSeen, id);
        ids.oldest = Math.min(ids.oldest, id);
        if (id == 1) {
            ids.reachedStart = true;
        }
        return true;
    }

    /** The last id seen in {@code room}, or null when none: the {@code since} of a resuming join. */
    Long resumeCursor(String room) {
        RoomIds ids = rooms.get(room);
        return ids == null || ids.lastSeen == 0 ? null : ids.lastSeen;
    }

    /** Where the next older page ends (exclusive), or null when there is nothing older to ask for. */
    Long olderPageBefore(String room) {
        RoomIds ids = rooms.get(room);
        if (ids == null || ids.reachedStart || ids.oldest == Long.MAX_VALUE || isLoadingOlder(room)) {
            return null;
        }
        return ids.oldest;
    }

    void reachedStart(String room) {
        of(room).reachedStart = true;
    }

    void sent(Request request) {
        inFlight.add(request);
    }

    /** The request a {@code HistoryPage} answers, or null if none was outstanding. */
    Request answered() {
        return inFlight.poll();
    }

    /** Requests are lost with the connection; their answers will never come. */
    void connectionLost() {
        inFlight.clear();
    }

    private boolean isLoadingOlder(String room) {
        for (Request r : inFlight) {
            if (r instanceof Older o && o.room().equals(room)) {
                return true;
            }
        }
        return false;
    }
}
