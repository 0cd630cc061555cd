package mychat.server.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * History in an embedded SQLite database ({@code CHAT_DATA_DIR/history.db}, WAL mode).
 *
 * <p>Writes: one writer thread takes whatever has queued up, inserts it in one transaction and commits (group
 * commit), then completes the callers' futures in order. When a message arrives less than {@link #GATHER_NANOS}
 * after the last commit started and nothing else is queued, the writer sleeps out the rest of that time and the
 * messages that arrive meanwhile join the batch: a commit costs about as much for one message as for dozens (locks,
 * a WAL frame for every page touched). On the benchmark machine at 8,000 messages/s in 100 rooms, commits of one
 * or two messages made SQLite cost about 40 % more server CPU per delivery than the memory store, gathering 10-20 %
 * (docs/BENCHMARKS.md, finding 3). A message after a quiet spell is committed at once, and so is a backlog, which is a batch already.
 * Room starts ({@link #open}) run on the same thread, behind the writes queued before them, so a room always starts
 * from everything its previous incarnation wrote. Pruning to {@code maxPerRoom} happens there too, after commits.
 *
 * <p>Reads: one reader thread with its own connection; WAL lets it read while the writer writes.
 *
 * <p>The WAL: the reader thread copies it into the database every {@link #CHECKPOINT_SECONDS} (PASSIVE, so the
 * writer never waits for it and never pays the checkpoint's syncs). SQLite starts the WAL over from its beginning only
 * when a write finds every frame copied, which under sustained writes never happens: frames are added while the
 * checkpoint runs. It grew by 1.1 GB in 40 s at 10,000 messages/s. So once the file is over {@code walLimitBytes}
 * the writer checkpoints the rest itself, between two commits; the next commit then starts the WAL over and
 * {@code journal_size_limit} cuts the file back.
 *
 * <p>Durability: with {@code synchronous=NORMAL} (default) a committed message survives the process being killed
 * (the WAL is in the OS page cache) but the last commits before an OS crash or power loss may be lost;
 * {@code synchronous=FULL} makes every commit wait for the disk.
 */
public final class SqliteHistoryStore implements HistoryStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteHistoryStore.class);
    private static final int MAX_BATCH = 1024;
    /** How long after a commit started the next one gathers messages: the most a broadcast is delayed by it. */
    private static final long GATHER_NANOS = TimeUnit.MICROSECONDS.toNanos(2000);
    private static final int MAX_CIDS_ON_START = 10_000;
    private static final String COLUMNS = "room, id, ts, nick, text, cid";
    /** See the class comment: large enough that the writer's own checkpoints are rare (seconds apart at most). */
    public static final long DEFAULT_WAL_LIMIT_BYTES = 64L << 20;

    private final Path file;
    private final Path wal;
    private final long walLimitBytes;
    private final int maxPerRoom;
    private final Connection writer;
    /** The writer's insert, prepared once: compiling it for every commit cost more than small batches did. */
    private final PreparedStatement insert;
    private final Connection reader;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread writerThread;
    /**
     * Runs reads and, every {@link #CHECKPOINT_SECONDS}, WAL checkpoints: off the writer, with the reader's
     * connection (PASSIVE: never blocks the writer).
     */
    private final ScheduledExecutorService readerThread;
    private final ScheduledFuture<?> checkpoints;
    private static final long CHECKPOINT_SECONDS = 1;
    /**
     * Last id written per room, and the id up to which it was last pruned, for rooms past {@code maxPerRoom}
     * messages: writer thread only.
     */
    private final Map<String, long[]> pruneState = new HashMap<>();
    private volatile boolean closed;

    private record Append(ChatMessage message, CompletableFuture<Void> done) {}

    private static final Object STOP = new Object();

    /**
     * Opens (or creates) the database and checks that it is readable, intact and writable.
     *
     * @throws StoreException with a message naming the file when it is not
     */
    public SqliteHistoryStore(Path dataDir, int maxPerRoom, boolean syncFull) {
        this(dataDir, maxPerRoom, syncFull, DEFAULT_WAL_LIMIT_BYTES);
    }

    /** As above, with the WAL size over which the writer checkpoints itself (see the class comment). */
    public SqliteHistoryStore(Path dataDir, int maxPerRoom, boolean syncFull, long walLimitBytes) {
        this.file = dataDir.resolve("history.db");
        this.wal = dataDir.resolve("history.db-wal");
        this.walLimitBytes = walLimitBytes;
        this.maxPerRoom = maxPerRoom;
        try {
            Files.createDirectories(dataDir);
        } catch (Exception e) {
            throw new StoreException("cannot create data directory " + dataDir.toAbsolutePath() + ": " + e, e);
        }
        try {
            writer = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                checkIntegrity(s);
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = " + (syncFull ? "FULL" : "NORMAL"));
                // Checkpoints copy the WAL into the database and sync it: slow, and on the writer they would hold
                // up every broadcast waiting for a commit. A separate connection does them instead (below).
                s.execute("PRAGMA wal_autocheckpoint = 0");
                s.execute("PRAGMA journal_size_limit = " + walLimitBytes);
                s.execute("CREATE TABLE IF NOT EXISTS messages (room TEXT NOT NULL, id INTEGER NOT NULL, "
                        + "ts INTEGER NOT NULL, nick TEXT NOT NULL, text TEXT NOT NULL, cid TEXT, "
                        + "PRIMARY KEY (room, id)) WITHOUT ROWID");
                s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
                // Proves the file is writable now rather than at the first message.
                s.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('opened_at', "
                        + System.currentTimeMillis() + ")");
            }
            writer.setAutoCommit(false);
            insert = writer.prepareStatement(
                    "INSERT OR REPLACE INTO messages (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)");
            reader = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = reader.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
            }
        } catch (SQLException e) {
            throw new StoreException("history database " + file.toAbsolutePath() + " is not usable: "
                    + e.getMessage(), e);
        }
        writerThread = Thread.ofPlatform().name("history-writer").daemon(true).start(this::writeLoop);
        readerThread = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("history-reader")
                .daemon(true).unstarted(r));
        checkpoints = readerThread.scheduleWithFixedDelay(this::checkpoint, CHECKPOINT_SECONDS, CHECKPOINT_SECONDS,
                TimeUnit.SECONDS);
    }

    private void checkIntegrity(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
            String result = rs.next() ? rs.getString(1) : "no answer";
            if (!"ok".equals(result)) {
                throw new SQLException("integrity check failed: " + result);
            }
        }
    }

    public Path file() {
        return file;
    }

    // ---- writes -----------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Void> append(ChatMessage message) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("history store closed"));
        } else {
            queue.add(new Append(message, done));
        }
        return done;
    }

    @Override
    public CompletableFuture<RoomStart> open(String room, int tail, long cidSinceMillis) {
        CompletableFuture<RoomStart> result = new CompletableFuture<>();
        queue.add((Runnable) () -> {
            try {
                RoomStart start = readStart(writer, room, tail, cidSinceMillis);
                writer.commit(); // ends the read transaction, so it cannot hold back WAL checkpoints
                result.complete(start);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private void writeLoop() {
        List<Append> batch = new ArrayList<>(MAX_BATCH);
        long lastCommitStart = System.nanoTime() - GATHER_NANOS;
        while (true) {
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (item instanceof Append first) {
                batch.add(first);
                // Right after a commit, with nothing else queued, sleep until GATHER_NANOS after that commit
                // started, and what arrives meanwhile joins this batch. A message after a quiet spell is committed
                // at once, and so is a backlog (it is a batch already). Sleeping rather than waiting on the queue:
                // a waiting writer would be woken, and switched to, for every message that arrives. Anything but
                // appends stays queued for the next turn.
                long wait = lastCommitStart + GATHER_NANOS - System.nanoTime();
                if (wait > 0 && queue.isEmpty()) {
                    LockSupport.parkNanos(wait);
                }
                lastCommitStart = System.nanoTime();
                while (batch.size() < MAX_BATCH && queue.peek() instanceof Append) {
                    batch.add((Append) queue.poll());
                }
                commit(batch);
                batch.clear();
            } else if (item instanceof Runnable task) {
                task.run();
            } else if (item == STOP) {
                closeQuietly(writer);
                return;
            }
        }
    }

    private void commit(List<Append> batch) {
        try {
            for (Append a : batch) {
                ChatMessage m = a.message();
                insert.setString(1, m.room());
                insert.setLong(2, m.id());
                insert.setLong(3, m.ts());
                insert.setString(4, m.from());
                insert.setString(5, m.text());
                insert.setString(6, m.cid());
                insert.addBatch();
            }
            insert.executeBatch();
            writer.commit();
        } catch (SQLException e) {
            log.error("history: could not store {} messages: {}", batch.size(), e.getMessage());
            clearBatchQuietly();
            rollbackQuietly();
            batch.forEach(a -> a.done().completeExceptionally(e));
            return;
        }
        batch.forEach(a -> a.done().complete(null));
        prune(batch);
        boundWal();
    }

    /** Checkpoints on the writer once the WAL is over its limit, so that the next commit starts it over. */
    private void boundWal() {
        long size;
        try {
            size = Files.size(wal);
        } catch (IOException e) {
            return; // no WAL file yet
        }
        if (size > walLimitBytes) {
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(PASSIVE)");
            } catch (SQLException e) {
                log.warn("history: checkpoint failed: {}", e.toString());
            }
        }
    }

    /** Keeps each room written to at no more than {@code maxPerRoom} messages, deleting in chunks of 10%. */
    private void prune(List<Append> batch) {
        long chunk = Math.max(1, maxPerRoom / 10);
        for (Append a : batch) { // only the rooms just written to can have gone over
            if (a.message().id() <= maxPerRoom) {
                continue; // not over yet: no state kept for the many rooms that never get there
            }
            String room = a.message().room();
            long[] state = pruneState.computeIfAbsent(room, r -> new long[] {0, 0});
            state[0] = Math.max(state[0], a.message().id());
            long cutoff = state[0] - maxPerRoom;
            if (cutoff > 0 && cutoff - state[1] >= chunk) {
                try (PreparedStatement delete = writer.prepareStatement(
                        "DELETE FROM messages WHERE room = ? AND id <= ?")) {
                    delete.setString(1, room);
                    delete.setLong(2, cutoff);
                    delete.executeUpdate();
                    writer.commit();
                    state[1] = cutoff;
                } catch (SQLException ex) {
                    log.warn("history: pruning room {} failed: {}", room, ex.getMessage());
                    rollbackQuietly();
                }
            }
        }
    }

    // ---- reads ------------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Page> page(String room, Long before, Long after, int limit, long upTo) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return readPage(room, before, after, limit, upTo);
            } catch (SQLException e) {
                throw new StoreException("reading history of " + room + " failed: " + e.getMessage(), e);
            }
        }, readerThread);
    }

    private RoomStart readStart(Connection c, String room, int tail, long cidSince) throws SQLException {
        long lastId;
        try (PreparedStatement q = c.prepareStatement("SELECT max(id) FROM messages WHERE room = ?")) {
            q.setString(1, room);
            try (ResultSet rs = q.executeQuery()) {
                lastId = rs.next() ? rs.getLong(1) : 0;
            }
        }
        List<ChatMessage> newest = query(c, "SELECT " + COLUMNS + " FROM messages WHERE room = ? "
                + "ORDER BY id DESC LIMIT ?", room, tail).reversed();
        List<ChatMessage> withCid = query(c, "SELECT " + COLUMNS + " FROM messages WHERE room = ? AND ts >= ? "
                + "AND cid IS NOT NULL ORDER BY id DESC LIMIT ?", room, cidSince, MAX_CIDS_ON_START);
        return new RoomStart(lastId, newest, withCid.reversed());
    }

    private Page readPage(String room, Long before, Long after, int limit, long upTo) throws SQLException {
        List<ChatMessage> rows;
        boolean more;
        if (after != null) {
            rows = query(reader, "SELECT " + COLUMNS + " FROM messages WHERE room = ? AND id > ? AND id <= ? "
                    + "ORDER BY id ASC LIMIT ?", room, after, upTo, limit + 1);
            more = rows.size() > limit;
            if (more) {
                rows = rows.subList(0, limit);
            }
        } else {
            long below = before != null ? Math.min(before - 1, upTo) : upTo;
            rows = query(reader, "SELECT " + COLUMNS + " FROM messages WHERE room = ? AND id <= ? "
                    + "ORDER BY id DESC LIMIT ?", room, below, limit + 1);
            more = rows.size() > limit;
            if (more) {
                rows = rows.subList(0, limit);
            }
            rows = rows.reversed();
        }
        long oldest;
        try (PreparedStatement q = reader.prepareStatement("SELECT min(id) FROM messages WHERE room = ?")) {
            q.setString(1, room);
            try (ResultSet rs = q.executeQuery()) {
                oldest = rs.next() ? rs.getLong(1) : 0;
            }
        }
        return new Page(List.copyOf(rows), more, oldest);
    }

    private static List<ChatMessage> query(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                q.setObject(i + 1, params[i]);
            }
            List<ChatMessage> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new ChatMessage(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
            return out;
        }
    }

    @Override
    public int pendingWrites() {
        return queue.size();
    }

    /** Copies committed pages from the WAL into the database without blocking the writer. Reader thread only. */
    private void checkpoint() {
        try (Statement s = reader.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            log.warn("history: checkpoint failed: {}", e.toString());
        }
    }

    // ---- lifecycle --------------------------------------------------------------------------------------------

    @Override
    public void close(long timeoutMillis) {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            writerThread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoints.cancel(false);
        readerThread.execute(this::checkpoint); // leave a small WAL behind
        readerThread.shutdown();
        try {
            readerThread.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(reader);
    }

    /** Forgets rows added to the insert batch when executing it failed, so the next batch starts clean. */
    private void clearBatchQuietly() {
        try {
            insert.clearBatch();
        } catch (SQLException ignored) {
            // the connection is broken; the next commit will report it
        }
    }

    private void rollbackQuietly() {
        try {
            writer.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next commit will report it
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing at shutdown: nothing left to save
        }
    }
}
