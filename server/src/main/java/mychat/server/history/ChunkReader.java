package mychat.server.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import mychat.server.history.HistoryStore.Page;
import mychat.server.history.HistoryStore.RoomStart;

/**
 * Reads a room's messages from the SQLite store's chunks (see {@link ChunkWriter}) together with those not yet in
 * a chunk, which the caller passes in ({@code pending}: taken before the query starts, so a message chunked in
 * between is found twice, and counted once, rather than not at all). One per connection; not thread-safe.
 */
final class ChunkReader {
    private static final int MAX_CIDS_ON_START = 10_000;

    private final PreparedStatement downFrom;
    private final PreparedStatement upFrom;
    private final PreparedStatement newest;
    private final PreparedStatement oldest;

    ChunkReader(Connection db) throws SQLException {
        downFrom = db.prepareStatement(
                "SELECT data FROM chunks WHERE room = ? AND first_id <= ? ORDER BY first_id DESC");
        upFrom = db.prepareStatement("SELECT data FROM chunks WHERE room = ?1 AND first_id >= coalesce("
                + "(SELECT max(first_id) FROM chunks WHERE room = ?1 AND first_id <= ?2), 0) ORDER BY first_id");
        newest = db.prepareStatement("SELECT last_id FROM chunks WHERE room = ? ORDER BY first_id DESC LIMIT 1");
        oldest = db.prepareStatement("SELECT first_id FROM chunks WHERE room = ? ORDER BY first_id LIMIT 1");
    }

    RoomStart start(String room, int tail, long cidSince, List<ChatMessage> pending) throws SQLException {
        long lastId = pending.isEmpty() ? firstColumn(newest, room) : pending.getLast().id();
        StartWalk walk = new StartWalk(tail, cidSince);
        walkDown(room, Long.MAX_VALUE, pending, walk::take); // one walk for both lists: each chunk decoded once
        return new RoomStart(lastId, walk.newestFirst.reversed(), walk.withCid.reversed());
    }

    /** Collects, newest first, the newest {@code tail} messages and those with a cid sent since {@code cidSince}. */
    private static final class StartWalk {
        final List<ChatMessage> newestFirst = new ArrayList<>();
        final List<ChatMessage> withCid = new ArrayList<>();
        private final int tail;
        private final long cidSince;
        private boolean cidsDone;

        StartWalk(int tail, long cidSince) {
            this.tail = tail;
            this.cidSince = cidSince;
        }

        boolean take(ChatMessage m) {
            if (newestFirst.size() < tail) {
                newestFirst.add(m);
            }
            if (!cidsDone) {
                if (m.ts() < cidSince) {
                    cidsDone = true; // ts only grows within a room: everything older is outside the window too
                } else if (m.cid() != null) {
                    withCid.add(m);
                    cidsDone = withCid.size() >= MAX_CIDS_ON_START;
                }
            }
            return newestFirst.size() < tail || !cidsDone;
        }
    }

    Page page(String room, Long before, Long after, int limit, long upTo, List<ChatMessage> pending)
            throws SQLException {
        List<ChatMessage> rows = new ArrayList<>();
        if (after != null) {
            walkUp(room, after, pending, m -> m.id() <= upTo && rows.add(m) && rows.size() <= limit);
        } else {
            long below = before != null ? Math.min(before - 1, upTo) : upTo;
            walkDown(room, below, pending, m -> rows.add(m) && rows.size() <= limit);
        }
        boolean more = rows.size() > limit;
        List<ChatMessage> page = more ? rows.subList(0, limit) : rows;
        if (after == null) {
            page = page.reversed();
        }
        long oldestId = firstColumn(oldest, room);
        if (oldestId == 0 && !pending.isEmpty()) {
            oldestId = pending.getFirst().id();
        }
        return new Page(List.copyOf(page), more, oldestId);
    }

    /** Offers the room's messages with ids up to {@code atMost}, newest first, until {@code visit} says stop. */
    private void walkDown(String room, long atMost, List<ChatMessage> pending, Predicate<ChatMessage> visit)
            throws SQLException {
        long below = Long.MAX_VALUE; // lowest id offered so far
        for (ChatMessage m : pending.reversed()) {
            if (m.id() <= atMost) {
                below = m.id();
                if (!visit.test(m)) {
                    return;
                }
            }
        }
        downFrom.setString(1, room);
        downFrom.setLong(2, atMost);
        try (ResultSet rs = downFrom.executeQuery()) {
            while (rs.next()) {
                for (ChatMessage m : MessageJson.decode(rs.getBytes(1), room).reversed()) {
                    if (m.id() <= atMost && m.id() < below) {
                        below = m.id();
                        if (!visit.test(m)) {
                            return;
                        }
                    }
                }
            }
        }
    }

    /** Offers the room's messages with ids above {@code above}, oldest first, until {@code visit} says stop. */
    private void walkUp(String room, long above, List<ChatMessage> pending, Predicate<ChatMessage> visit)
            throws SQLException {
        long over = above; // highest id offered so far
        upFrom.setString(1, room);
        upFrom.setLong(2, above + 1);
        try (ResultSet rs = upFrom.executeQuery()) {
            while (rs.next()) {
                for (ChatMessage m : MessageJson.decode(rs.getBytes(1), room)) {
                    if (m.id() > over) {
                        over = m.id();
                        if (!visit.test(m)) {
                            return;
                        }
                    }
                }
            }
        }
        for (ChatMessage m : pending) {
            if (m.id() > over) {
                over = m.id();
                if (!visit.test(m)) {
                    return;
                }
            }
        }
    }

    private static long firstColumn(PreparedStatement query, String room) throws SQLException {
        query.setString(1, room);
        try (ResultSet rs = query.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
