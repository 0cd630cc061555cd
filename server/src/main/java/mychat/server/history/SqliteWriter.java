package mychat.server.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mychat.protocol.Limits;
import mychat.protocol.Rules;
import mychat.server.history.HistoryStore.Appended;
import mychat.server.history.HistoryStore.Draft;
import mychat.server.history.HistoryStore.RoomStart;

/**
 * Everything the SQLite store writes, on its writer connection: a batch of drafts in one transaction (ids, cid
 * lookups, inserts, pruning), and room starts. Confined to the store's writer thread.
 *
 * <p>Ids: the writer keeps each recently written room's last id, loaded from the table when first needed, and gives
 * the next one to each new message. A failed transaction forgets the rooms it touched, so their ids are read again
 * from what was really committed.
 */
final class SqliteWriter implements AutoCloseable {
    /** Rooms whose last ids are kept; the others are read again when next written (one index lookup). */
    private static final int REMEMBERED_ROOMS = 10_000;

    /**
     * The cid lookup, named to its index: without statistics SQLite's planner prefers the primary key's room range,
     * which would read a room's whole history for every message sent with a cid.
     */
    static final String BY_CID = MessageRows.SELECT_COLUMNS + "FROM messages INDEXED BY messages_by_cid "
            + "WHERE room = ? AND cid = ? AND ts >= ?";

    private final Connection db;
    private final int maxPerRoom;
    /** Messages a room may be over its maximum before they are deleted: deleting in steps keeps commits small. */
    private final int pruneStep;
    private final PreparedStatement insert;
    private final PreparedStatement byCid;
    private final PreparedStatement newest;
    private final PreparedStatement oldestId;
    private final PreparedStatement prune;
    private final PreparedStatement lastId;
    private final PreparedStatement delete;

    /** A room's ids: the last one given out and the oldest one kept. */
    private static final class RoomIds {
        long lastId;
        long oldestKept;
    }

    private final Map<String, RoomIds> rooms = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RoomIds> eldest) {
            return size() > REMEMBERED_ROOMS;
        }
    };

    SqliteWriter(Connection db, int maxPerRoom) throws SQLException {
        this.db = db;
        this.maxPerRoom = maxPerRoom;
        this.pruneStep = Math.clamp(maxPerRoom / 10, 1, 100);
        insert = db.prepareStatement(MessageRows.INSERT);
        byCid = db.prepareStatement(BY_CID);
        newest = db.prepareStatement(MessageRows.SELECT + "WHERE room = ? AND " + MessageRows.KEPT
                + "ORDER BY id DESC LIMIT ?");
        lastId = db.prepareStatement("SELECT max(id) FROM messages WHERE room = ?");
        delete = db.prepareStatement("UPDATE messages SET text = '', deleted = 1 WHERE room = ? AND id = ? AND "
                + MessageRows.KEPT);
        oldestId = db.prepareStatement("SELECT id FROM messages WHERE room = ? ORDER BY id LIMIT 1");
        prune = db.prepareStatement("DELETE FROM messages WHERE room = ? AND id < ?");
        db.setAutoCommit(false);
    }

    /**
     * Stores the drafts, in order, in one transaction and returns what became of each. On failure nothing of the
     * batch is stored and the exception is thrown.
     */
    List<Appended> store(List<Draft> drafts) throws SQLException {
        List<Appended> outcomes = new ArrayList<>(drafts.size());
        Set<String> touched = new HashSet<>();
        try {
            for (Draft draft : drafts) {
                touched.add(draft.room());
                ChatMessage original = draft.cid() == null ? null : original(draft);
                if (original != null) {
                    outcomes.add(new Appended(original, true));
                    continue;
                }
                RoomIds ids = ids(draft.room());
                ChatMessage m = new ChatMessage(draft.room(), ids.lastId + 1, draft.ts(), draft.from(), draft.text(),
                        draft.cid());
                MessageRows.bind(insert, m);
                insert.executeUpdate();
                ids.lastId = m.id();
                outcomes.add(new Appended(m, false));
            }
            for (String room : touched) {
                pruneIfOver(room);
            }
            db.commit();
            return outcomes;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            touched.forEach(rooms::remove);
            throw e;
        }
    }

    /** The message this sender already sent with the draft's cid within the window, or null. */
    private ChatMessage original(Draft draft) throws SQLException {
        byCid.setString(1, draft.room());
        byCid.setString(2, draft.cid());
        byCid.setLong(3, draft.ts() - Limits.CID_WINDOW_MILLIS);
        String sender = Rules.nickKey(draft.from());
        try (ResultSet rs = byCid.executeQuery()) {
            while (rs.next()) {
                ChatMessage m = MessageRows.read(rs);
                if (Rules.nickKey(m.from()).equals(sender)) {
                    return m;
                }
            }
        }
        return null;
    }

    /** Deletes a room's oldest messages once it is {@link #pruneStep} over its maximum. */
    private void pruneIfOver(String room) throws SQLException {
        RoomIds ids = ids(room);
        long keepFrom = ids.lastId - maxPerRoom + 1;
        if (keepFrom - ids.oldestKept >= pruneStep) {
            prune.setString(1, room);
            prune.setLong(2, keepFrom);
            prune.executeUpdate();
            ids.oldestKept = keepFrom;
        }
    }

    /** The last id and newest {@code tail} messages of a room; ends its read transaction. */
    RoomStart start(String room, int tail) throws SQLException {
        try {
            RoomIds ids = ids(room);
            List<ChatMessage> newestFirst = new ArrayList<>(tail);
            newest.setString(1, room);
            newest.setInt(2, tail);
            try (ResultSet rs = newest.executeQuery()) {
                while (rs.next()) {
                    newestFirst.add(MessageRows.read(rs));
                }
            }
            db.commit(); // a read transaction left open would hold back checkpoints
            return new RoomStart(ids.lastId, newestFirst.reversed());
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    private RoomIds ids(String room) throws SQLException {
        RoomIds ids = rooms.get(room);
        if (ids == null) {
            ids = new RoomIds();
            lastId.setString(1, room);
            try (ResultSet rs = lastId.executeQuery()) {
                ids.lastId = rs.next() ? rs.getLong(1) : 0;
            }
            oldestId.setString(1, room);
            try (ResultSet rs = oldestId.executeQuery()) {
                ids.oldestKept = rs.next() ? rs.getLong(1) : ids.lastId + 1;
            }
            rooms.put(room, ids);
        }
        return ids;
    }

    /**
     * Empties and marks message {@code id} of {@code room} as deleted; its row stays so that the id is never given
     * out again. Returns whether a kept message was deleted.
     */
    boolean delete(String room, long id) throws SQLException {
        try {
            delete.setString(1, room);
            delete.setLong(2, id);
            boolean deleted = delete.executeUpdate() > 0;
            db.commit();
            return deleted;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /** Runs {@code body} in a transaction of its own and commits: for the bans. */
    <T> T inTransaction(SqlStep<T> body) throws SQLException {
        try {
            T result = body.run(db);
            db.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /** A step of work on the writer's connection. */
    interface SqlStep<T> {
        T run(Connection db) throws SQLException;
    }

    private void rollbackQuietly() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next statement reports it
        }
    }

    /** Copies the whole WAL into the database and truncates it, so a stopped server leaves one file; closes. */
    @Override
    public void close() throws SQLException {
        try {
            db.setAutoCommit(true);
            try (var s = db.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        } finally {
            db.close();
        }
    }
}
