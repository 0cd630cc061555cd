package mychat.server.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the SQLite store writes, and where: the write side of its tables, on the writer connection. Not thread-safe:
 * the store calls it with its writer lock held.
 *
 * <p>Messages live in {@code chunks}: one row per room and run of up to {@code chunkSize} consecutive messages, the
 * messages as a JSON array ({@link MessageJson}). A row per message put every message into the middle of a B-tree
 * ordered by room: with many busy rooms each commit rewrote several pages per room, 1.7 pages of 4 KiB per message
 * (docs/BENCHMARKS.md, finding 11). Instead each commit appends one record with all its messages to the journal
 * ({@link JournalFile}, outside SQLite since finding 20: as a table it wrote every message into SQLite twice), and
 * a room's messages wait in memory ({@code pending}) until they fill a chunk, or have waited {@link #STALE_NANOS};
 * the chunk is written in the commit's transaction, and journal files nobody waits for are deleted after it. A
 * message is durable once its journal record is written and the transaction committed; the journal is what a
 * restart after a crash replays into chunks ({@link #recover}).
 */
final class ChunkWriter {
    private static final Logger log = LoggerFactory.getLogger(ChunkWriter.class);
    /** How long a message waits in the journal at most before it is put into a chunk of its room. */
    static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Stale rooms chunked per commit at most, so that one commit after a busy second stays short. */
    private static final int MAX_STALE_PER_COMMIT = 256;

    private final Connection db;
    private final int chunkSize;
    private final JournalFile journalFile;
    private final PreparedStatement insertChunk;
    private final PreparedStatement deleteChunks;
    /** Messages in the journal and not yet in a chunk, per room; in order of firstSeq (oldest waiting first). */
    private final LinkedHashMap<String, WaitingMessages> pending = new LinkedHashMap<>();
    /** Rooms waiting with a chunk's worth or more, left for a later commit by a commit's budget. */
    private final Set<String> overfull = new LinkedHashSet<>();
    /**
     * Emptied rooms' buffers, for the next room that starts waiting: in a busy room a chunk empties it, and a new
     * buffer grew from 1 KiB to the chunk's size again each time (finding 17). At most {@link #MAX_SPARE} of at most
     * {@link #MAX_SPARE_BYTES} each.
     */
    private final ArrayDeque<WaitingMessages> spare = new ArrayDeque<>();
    private static final int MAX_SPARE = 64;
    private static final int MAX_SPARE_BYTES = 64 * 1024;
    /** The journal record being encoded; kept from commit to commit, so it grows once to the largest batch. */
    private final JsonBuffer journal = new JsonBuffer(16 * 1024);
    private long lastSeq;
    /** Journal records below this are no longer needed. */
    private long journalFloor;

    /** Creates the tables, moves a database of the one-row-per-message layout over, and replays the journal. */
    ChunkWriter(Connection db, int chunkSize, JournalFile journalFile) throws SQLException {
        this.db = db;
        this.chunkSize = chunkSize;
        this.journalFile = journalFile;
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS chunks (room TEXT NOT NULL, first_id INTEGER NOT NULL, "
                    + "last_id INTEGER NOT NULL, last_ts INTEGER NOT NULL, data BLOB NOT NULL)");
            s.execute("CREATE UNIQUE INDEX IF NOT EXISTS chunks_by_room ON chunks (room, first_id)");
            s.execute("CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY, batch BLOB NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        }
        insertChunk = db.prepareStatement(
                "INSERT INTO chunks (room, first_id, last_id, last_ts, data) VALUES (?, ?, ?, ?, ?)");
        deleteChunks = db.prepareStatement("DELETE FROM chunks WHERE room = ? AND last_id <= ?");
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try {
            migrateRowPerMessage();
            createView();
            recover();
            db.commit();
            journalFile.clear(); // everything it held is in chunks now
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(autoCommit);
        }
    }

    // ---- writing ----------------------------------------------------------------------------------------------

    /**
     * Stores {@code batch} (any rooms, each room's in id order): one journal record, then one transaction with the
     * chunks that filled up and those of rooms that waited too long. On failure nothing of it is stored (the
     * record is cut off the journal again) and the messages still waiting are the same as before.
     */
    void store(List<ChatMessage> batch) throws SQLException {
        write(batch, MAX_STALE_PER_COMMIT, false, true);
    }

    /**
     * Stores {@code batch} in the journal only, without touching the database: its messages wait in memory, and
     * rooms that fill a chunk meanwhile go into chunks with a later {@link #store}. For while SQLite's WAL must not
     * grow.
     */
    void journal(List<ChatMessage> batch) throws SQLException {
        write(batch, 0, false, false);
    }

    /** Chunks the rooms that waited too long, for when no commit comes to do it. */
    void chunkStale() throws SQLException {
        write(List.of(), MAX_STALE_PER_COMMIT, false, true);
    }

    /** Chunks everything still waiting and empties the journal: a clean shutdown leaves only chunks. */
    void chunkAll() throws SQLException {
        write(List.of(), Integer.MAX_VALUE, true, true);
        journalFile.clear();
    }

    /** The journal's files now (see {@link JournalFile#sync}). */
    List<Path> journalFiles() {
        return journalFile.files();
    }

    /** Closes the journal file; what is in it stays for the next start to replay. */
    void close() {
        journalFile.close();
    }

    private void write(List<ChatMessage> batch, int maxStale, boolean everything, boolean intoChunks)
            throws SQLException {
        long now = System.nanoTime();
        long seq = lastSeq + 1;
        // Rooms whose messages go into chunks now, most urgent first: those that waited too long (they hold the
        // journal back), those that filled a chunk in an earlier commit but did not fit its budget, those that
        // fill one now. The budget keeps a commit's chunk writing in proportion to what it brings: rooms that
        // receive alike fill their chunks in the same commit, which made that one commit slow.
        Set<String> stale = new HashSet<>();
        for (Map.Entry<String, WaitingMessages> e : pending.entrySet()) {
            if (stale.size() >= maxStale || !everything && now - e.getValue().since < STALE_NANOS) {
                break; // in order of waiting: the rest waited less
            }
            stale.add(e.getKey());
        }
        Set<String> due = new LinkedHashSet<>(stale);
        due.addAll(overfull);
        // The batch goes into the journal record and, message by message, behind what its room has waiting; how
        // many each room had before, so that a failed commit can take them out again.
        Map<String, Integer> countBefore = new LinkedHashMap<>();
        journal.reset();
        journal.write('[');
        for (ChatMessage m : batch) {
            if (journal.size() > 1) {
                journal.write(',');
            }
            int start = journal.size();
            MessageJson.encode(m, journal);
            WaitingMessages room = pending.get(m.room());
            if (room == null) {
                room = spare.isEmpty() ? new WaitingMessages(seq, now) : spare.pop().restart(seq, now);
                pending.putLast(m.room(), room);
            }
            countBefore.putIfAbsent(m.room(), room.count());
            room.add(journal.bytes(), start, journal.size() - start, m.id(), m.ts());
            if (room.count() >= chunkSize) {
                due.add(m.room());
            }
        }
        journal.write(']');
        long budget = everything ? Long.MAX_VALUE : Math.max(2L * batch.size(), 4L * chunkSize);
        Map<String, Integer> chunked = new HashMap<>();
        JournalFile.Mark appended = null;
        long floor;
        try {
            for (String name : due) {
                WaitingMessages room = pending.get(name);
                int n = stale.contains(name) ? room.count() : room.count() - room.count() % chunkSize;
                if (!intoChunks || budget <= 0 || n == 0) {
                    continue;
                }
                budget -= n;
                for (int from = 0; from < n; from += chunkSize) {
                    addChunk(name, room, from, Math.min(n, from + chunkSize));
                }
                chunked.put(name, n);
            }
            // needed if some room still waits for messages of this batch
            boolean journaled = countBefore.entrySet().stream()
                    .anyMatch(e -> chunked.getOrDefault(e.getKey(), 0) < pending.get(e.getKey()).count());
            if (journaled) {
                appended = journalFile.append(seq, journal.bytes(), journal.size());
            }
            floor = floorAfter(chunked, journaled ? seq : seq + 1);
            if (intoChunks) {
                insertChunk.executeBatch();
                db.commit();
            }
            lastSeq = seq;
        } catch (SQLException | RuntimeException e) {
            try {
                insertChunk.clearBatch();
                db.rollback();
            } catch (SQLException ignored) {
                // the connection is broken: the caller reports the first failure
            }
            if (appended != null) {
                try {
                    journalFile.undo(appended); // refused messages must not come back after a restart
                } catch (RuntimeException undo) {
                    log.error("history: a failed commit's journal record could not be removed: {}", undo.toString());
                }
            }
            countBefore.forEach((name, count) -> {
                pending.get(name).truncate(count);
                if (count == 0) {
                    pending.remove(name);
                }
            });
            throw e;
        }
        if (floor > journalFloor) {
            journalFloor = floor;
            try {
                journalFile.dropBelow(floor);
            } catch (RuntimeException e) {
                log.warn("history: deleting journal files failed ({}); the next start replays them again", e.toString());
            }
        }
        overfull.clear();
        chunked.forEach((name, n) -> {
            WaitingMessages room = pending.get(name);
            boolean olderLeft = countBefore.getOrDefault(name, room.count()) > n;
            room.dropFirst(n);
            if (room.count() == 0) {
                pending.remove(name);
                if (spare.size() < MAX_SPARE && room.capacity() <= MAX_SPARE_BYTES) {
                    spare.push(room);
                }
            } else if (!olderLeft) {
                // all that is left came with this batch: it now waits from this journal row on
                room.firstSeq = seq;
                room.since = now;
                pending.remove(name);
                pending.putLast(name, room);
            }
        });
        for (String name : due) {
            WaitingMessages room = pending.get(name);
            if (room != null && room.count() >= chunkSize) {
                overfull.add(name);
            }
        }
    }

    /**
     * The lowest journal row still needed once this commit is done: that of the room waiting longest among those
     * it leaves waiting, or {@code fresh} (this commit's row, or the next one's). Rooms are in order of firstSeq,
     * so the first one that keeps messages from before this commit decides.
     */
    private long floorAfter(Map<String, Integer> chunked, long fresh) {
        for (Map.Entry<String, WaitingMessages> e : pending.entrySet()) {
            WaitingMessages room = e.getValue();
            if (room.firstSeq < fresh && chunked.getOrDefault(e.getKey(), 0) < room.count()) {
                return room.firstSeq;
            }
        }
        return fresh;
    }

    private void addChunk(String room, WaitingMessages messages, int from, int to) throws SQLException {
        insertChunk.setString(1, room);
        insertChunk.setLong(2, messages.id(from));
        insertChunk.setLong(3, messages.id(to - 1));
        insertChunk.setLong(4, messages.ts(to - 1));
        insertChunk.setBytes(5, messages.array(from, to));
        insertChunk.addBatch();
    }

    private void addChunk(String room, List<ChatMessage> messages) throws SQLException {
        insertChunk.setString(1, room);
        insertChunk.setLong(2, messages.getFirst().id());
        insertChunk.setLong(3, messages.getLast().id());
        insertChunk.setLong(4, messages.getLast().ts());
        insertChunk.setBytes(5, MessageJson.array(messages));
        insertChunk.addBatch();
    }

    /** Deletes the chunks of {@code room} whose messages all have ids up to {@code cutoff}, and commits. */
    void prune(String room, long cutoff) throws SQLException {
        deleteChunks.setString(1, room);
        deleteChunks.setLong(2, cutoff);
        deleteChunks.executeUpdate();
        db.commit();
    }

    /** The messages of {@code room} stored but not yet in a chunk, oldest first. */
    List<ChatMessage> pendingOf(String room) {
        WaitingMessages waiting = pending.get(room);
        return waiting == null ? List.of() : waiting.messages(room);
    }

    // ---- opening ----------------------------------------------------------------------------------------------

    /** Puts the messages of journal rows that are not yet in chunks into chunks (after a crash) and empties it. */
    private void recover() throws SQLException {
        Map<String, List<ChatMessage>> byRoom = new LinkedHashMap<>();
        Map<String, Long> chunked = new HashMap<>();
        // Databases written before the journal moved into files have it as a table; both are replayed.
        List<JournalFile.Record> records = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet rows = s.executeQuery("SELECT seq, batch FROM journal ORDER BY seq")) {
            while (rows.next()) {
                records.add(new JournalFile.Record(rows.getLong(1), rows.getBytes(2)));
            }
        }
        records.addAll(journalFile.readAll());
        records.sort(Comparator.comparingLong(JournalFile.Record::seq));
        try (PreparedStatement last = db.prepareStatement(
                "SELECT last_id FROM chunks WHERE room = ? ORDER BY first_id DESC LIMIT 1")) {
            for (JournalFile.Record record : records) {
                lastSeq = Math.max(lastSeq, record.seq());
                for (ChatMessage m : MessageJson.decode(record.batch(), null)) {
                    long inChunks = chunked.computeIfAbsent(m.room(), r -> lastChunkedId(last, r));
                    if (m.id() > inChunks) {
                        byRoom.computeIfAbsent(m.room(), r -> new ArrayList<>()).add(m);
                    }
                }
            }
        }
        for (Map.Entry<String, List<ChatMessage>> e : byRoom.entrySet()) {
            List<ChatMessage> all = e.getValue();
            for (int from = 0; from < all.size(); from += chunkSize) {
                addChunk(e.getKey(), all.subList(from, Math.min(all.size(), from + chunkSize)));
            }
        }
        insertChunk.executeBatch();
        try (Statement s = db.createStatement()) {
            s.executeUpdate("DELETE FROM journal");
        }
        journalFloor = lastSeq + 1;
    }

    private static long lastChunkedId(PreparedStatement last, String room) {
        try {
            last.setString(1, room);
            try (ResultSet rs = last.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new StoreException("reading chunks of " + room + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Databases written before chunks held one row per message in a table {@code messages}; their rows move into
     * chunks once, in the transaction that opens the store.
     */
    private void migrateRowPerMessage() throws SQLException {
        String type;
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT type FROM sqlite_schema WHERE name = 'messages'")) {
            type = rs.next() ? rs.getString(1) : null;
        }
        if (!"table".equals(type)) {
            return;
        }
        // once per database, and as long as its history is big: say why this start is slow
        log.info("history: moving messages stored one row each into chunks (once; large histories take a while)");
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT room, id, ts, nick, text, cid FROM messages ORDER BY room, id")) {
            List<ChatMessage> run = new ArrayList<>();
            while (rs.next()) {
                ChatMessage m = new ChatMessage(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6));
                if (!run.isEmpty() && (run.size() == chunkSize || !run.getFirst().room().equals(m.room()))) {
                    addChunk(run.getFirst().room(), run);
                    run = new ArrayList<>();
                }
                run.add(m);
            }
            if (!run.isEmpty()) {
                addChunk(run.getFirst().room(), run);
            }
        }
        insertChunk.executeBatch();
        try (Statement s = db.createStatement()) {
            s.execute("DROP TABLE messages");
        }
        log.info("history: moved into chunks");
    }

    /**
     * A view with one row per message, for operators with {@code sqlite3}: chunks, plus journal rows not yet
     * chunked (a clean shutdown leaves none).
     */
    private void createView() throws SQLException {
        String fields = "json_extract(m.value, '$.id') AS id, json_extract(m.value, '$.ts') AS ts, "
                + "json_extract(m.value, '$.nick') AS nick, json_extract(m.value, '$.text') AS text, "
                + "json_extract(m.value, '$.cid') AS cid";
        try (Statement s = db.createStatement()) {
            s.execute("CREATE VIEW IF NOT EXISTS messages AS "
                    + "SELECT c.room AS room, " + fields + " FROM chunks c, json_each(CAST(c.data AS TEXT)) m "
                    + "UNION ALL SELECT json_extract(m.value, '$.room') AS room, " + fields
                    + " FROM journal j, json_each(CAST(j.batch AS TEXT)) m WHERE json_extract(m.value, '$.id') > "
                    + "coalesce((SELECT max(c2.last_id) FROM chunks c2 "
                    + "WHERE c2.room = json_extract(m.value, '$.room')), 0)");
        }
    }
}
