package mychat.server.history;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.ThreadExecutorMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * History in an embedded SQLite database ({@code CHAT_DATA_DIR/history.db}, WAL mode). What goes where (a journal
 * record per commit in files beside the database, chunks of a room's messages in a table) is {@link ChunkWriter}'s
 * and {@link ChunkReader}'s business; this class decides who commits when, on which thread.
 *
 * <p>Writes, with {@code synchronous=NORMAL} (the default): a commit only writes to the OS page cache, so the event
 * loop whose rooms appended the messages commits them itself, once per loop turn, in a task queued behind the rest of
 * that turn's work ({@link LoopBatch}): everything its rooms received together goes into one transaction, and the
 * messages can be broadcast in the same turn. Handing them to a writer thread instead cost latency once the core was
 * busy: the thread had to be scheduled on the core the event loop was using, twice per message (docs/BENCHMARKS.md,
 * finding 9). The slow upkeep, pruning and WAL checkpoints, runs on the writer and reader threads; a loop waits only
 * while one of them holds the writer's lock for a single statement.
 *
 * <p>Writes with {@code synchronous=FULL}, where every commit waits for the disk, and appends from outside an event
 * loop: one writer thread takes whatever has queued up, inserts it in one transaction and commits (group commit),
 * then completes the callers' futures in order. When a message arrives less than {@link #GATHER_NANOS} after the
 * last commit started and nothing else is queued, the writer sleeps out the rest of that time and the messages that
 * arrive meanwhile join the batch: a commit costs about as much for one message as for dozens (locks, a WAL frame
 * for every page touched). A message after a quiet spell is committed at once, and so is a backlog, which is a batch
 * already.
 *
 * <p>Room starts ({@link #open}) run on the writer thread. A room retires only once none of its messages is still
 * being stored, so the next incarnation of a room starts from everything its previous one wrote. Pruning to
 * {@code maxPerRoom} (whole chunks) also runs there, and so, every second, does chunking what waited too long when
 * no commit came to do it.
 *
 * <p>Reads: one reader thread with its own connection; WAL lets it read while the writer writes. Messages not yet in
 * a chunk are read from the writer's memory, taken under the writer's lock before the query.
 *
 * <p>The WAL: the reader thread copies it into the database every {@link #CHECKPOINT_SECONDS} (PASSIVE, so the
 * writer never waits for it and never pays the checkpoint's syncs). SQLite starts the WAL over from its beginning only
 * when a write finds every frame copied, which under sustained writes never happens: frames are added while the
 * checkpoint runs. It grew by 1.1 GB in 40 s at 10,000 messages/s. So once the file is over {@code walLimitBytes}
 * the reader thread checkpoints once more and then copies the few frames committed meanwhile while commits write
 * only their journal records (so no commit adds frames, and no event loop waits for the checkpoint's syncs); the
 * next commit then starts the WAL over and {@code journal_size_limit} cuts the file back.
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
    /** Messages per chunk row at most (see {@link ChunkWriter}); fewer when rooms keep fewer in all. */
    private static final int MAX_CHUNK = 128;
    /** See the class comment: large enough that bounding checkpoints are rare (seconds apart at most). */
    public static final long DEFAULT_WAL_LIMIT_BYTES = 64L << 20;

    private final Path file;
    private final Path wal;
    private final long walLimitBytes;
    private final int maxPerRoom;
    private final Connection writer;
    /** Writes on {@link #writer}, and keeps what is not yet in chunks; under {@link #writeLock}. */
    private final ChunkWriter chunks;
    /** Reads on {@link #writer}, for room starts; writer thread only. */
    private final ChunkReader readsOnWriter;
    private final Connection reader;
    /** Reads on {@link #reader}; reader thread only. */
    private final ChunkReader reads;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread writerThread;
    /**
     * Runs reads and, every {@link #CHECKPOINT_SECONDS}, WAL checkpoints: off the writer, with the reader's
     * connection (PASSIVE: never blocks the writer). Also deletes the journal files no longer needed.
     */
    private final ScheduledExecutorService readerThread;
    private final ScheduledFuture<?> checkpoints;
    private static final long CHECKPOINT_SECONDS = 1;
    /**
     * Last id written per room, and the id up to which pruning was queued, for rooms past {@code maxPerRoom}
     * messages; under {@link #writeLock}.
     */
    private final Map<String, long[]> pruneState = new HashMap<>();
    /** A WAL-bounding checkpoint is queued for the reader thread; under {@link #writeLock}. */
    private boolean checkpointQueued;
    /**
     * The last pass of a WAL-bounding checkpoint runs: commits write only their journal records and the writer
     * thread waits for {@link #boundingDone}; under {@link #writeLock}.
     */
    private boolean walBounding;
    /**
     * Guards the writer connection: the writer thread and, when they commit their own batches, the event loops.
     * Held for single statements and commits only, never while waiting for work.
     */
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Condition boundingDone = writeLock.newCondition();
    /** With {@code synchronous=NORMAL}, event loops commit what their rooms append (see {@link LoopBatch}). */
    private final boolean commitOnLoops;
    private final FastThreadLocal<LoopBatch> loopBatches = new FastThreadLocal<>() {
        @Override
        protected LoopBatch initialValue() {
            EventExecutor loop = ThreadExecutorMap.currentExecutor();
            return loop == null ? null : new LoopBatch(loop);
        }
    };
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

    /** As above, with the WAL size over which it is copied into the database at once (see the class comment). */
    public SqliteHistoryStore(Path dataDir, int maxPerRoom, boolean syncFull, long walLimitBytes) {
        this.file = dataDir.resolve("history.db");
        this.wal = dataDir.resolve("history.db-wal");
        this.walLimitBytes = walLimitBytes;
        this.maxPerRoom = maxPerRoom;
        this.commitOnLoops = !syncFull;
        try {
            Files.createDirectories(dataDir);
        } catch (Exception e) {
            throw new StoreException("cannot create data directory " + dataDir.toAbsolutePath() + ": " + e, e);
        }
        // Created first because the journal deletes its files on it; its thread starts with its first task.
        readerThread = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("history-reader")
                .daemon(true).unstarted(r));
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
            }
            chunks = new ChunkWriter(writer, Math.clamp(maxPerRoom / 10, 1, MAX_CHUNK),
                    new JournalFile(dataDir, syncFull, this::offTheLoops));
            try (Statement s = writer.createStatement()) {
                // Proves the file is writable now rather than at the first message.
                s.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('opened_at', "
                        + System.currentTimeMillis() + ")");
            }
            writer.setAutoCommit(false);
            readsOnWriter = new ChunkReader(writer);
            reader = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = reader.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
            }
            reads = new ChunkReader(reader);
        } catch (SQLException e) {
            readerThread.shutdown();
            throw new StoreException("history database " + file.toAbsolutePath() + " is not usable: "
                    + e.getMessage(), e);
        }
        writerThread = Thread.ofPlatform().name("history-writer").daemon(true).start(this::writeLoop);
        checkpoints = readerThread.scheduleWithFixedDelay(this::everySecond, CHECKPOINT_SECONDS,
                CHECKPOINT_SECONDS, TimeUnit.SECONDS);
    }

    /** Runs {@code task} on the reader thread, or right here once that has stopped (the store is closing). */
    private void offTheLoops(Runnable task) {
        try {
            readerThread.execute(task);
        } catch (RejectedExecutionException closing) {
            task.run();
        }
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
            return done;
        }
        Append append = new Append(message, done);
        LoopBatch onLoop = commitOnLoops ? loopBatches.get() : null;
        if (onLoop == null || !onLoop.add(append)) {
            queue.add(append);
        }
        return done;
    }

    @Override
    public CompletableFuture<RoomStart> open(String room, int tail, long cidSinceMillis) {
        CompletableFuture<RoomStart> result = new CompletableFuture<>();
        queue.add((Runnable) () -> {
            try {
                RoomStart start = readsOnWriter.start(room, tail, cidSinceMillis, chunks.pendingOf(room));
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
                writeLock.lock();
                try {
                    awaitBoundingDone(); // its statements would add frames to the WAL being completed
                    task.run();
                } finally {
                    writeLock.unlock();
                }
            } else if (item == STOP) {
                writeLock.lock();
                try {
                    awaitBoundingDone();
                    try {
                        chunks.chunkAll();
                    } catch (SQLException | RuntimeException e) {
                        log.warn("history: writing the last chunks failed ({}); the next start replays them",
                                e.getMessage());
                    }
                    chunks.close();
                    closeQuietly(writer);
                } finally {
                    writeLock.unlock();
                }
                return;
            }
        }
    }

    /**
     * Appends made on one event loop in its current turn. The loop commits them itself, in a task queued behind the
     * rest of the turn's work: one commit for everything its rooms received together, and no hand-off to the writer
     * thread and back before they can be broadcast. Confined to its loop.
     */
    private final class LoopBatch implements Runnable {
        private final EventExecutor loop;
        private List<Append> pending = new ArrayList<>();

        LoopBatch(EventExecutor loop) {
            this.loop = loop;
        }

        /** False if the loop no longer takes tasks (it is stopping): the writer thread must take the append. */
        boolean add(Append append) {
            if (pending.isEmpty()) {
                try {
                    loop.execute(this);
                } catch (RejectedExecutionException stopping) {
                    return false;
                }
            }
            pending.add(append);
            return true;
        }

        @Override
        public void run() {
            List<Append> batch = pending;
            pending = new ArrayList<>();
            commit(batch);
        }
    }

    /** Inserts and commits {@code batch}, then completes its futures (outside the lock). Any thread. */
    private void commit(List<Append> batch) {
        Exception failure = null;
        List<ChatMessage> messages = new ArrayList<>(batch.size());
        for (Append a : batch) {
            messages.add(a.message());
        }
        writeLock.lock();
        try {
            if (walBounding) {
                chunks.journal(messages);
            } else {
                chunks.store(messages);
            }
            planUpkeep(batch);
        } catch (SQLException | RuntimeException e) {
            failure = e; // rolled back: none of them is stored
        } finally {
            writeLock.unlock();
        }
        if (failure != null) {
            log.error("history: could not store {} messages: {}", batch.size(), failure.getMessage());
            for (Append a : batch) {
                a.done().completeExceptionally(failure);
            }
        } else {
            for (Append a : batch) {
                a.done().complete(null);
            }
        }
    }

    /**
     * After a commit, under the lock: queues the slow upkeep, so that a loop that committed never waits for it.
     * Rooms just written to that are {@code maxPerRoom / 10} past their maximum get pruned to it (writer thread); a
     * WAL over {@code walLimitBytes} gets checkpointed (reader thread; see the class comment).
     */
    private void planUpkeep(List<Append> batch) {
        long chunk = Math.max(1, maxPerRoom / 10);
        for (Append a : batch) {
            if (a.message().id() <= maxPerRoom) {
                continue; // not over yet: no state kept for the many rooms that never get there
            }
            String room = a.message().room();
            long[] state = pruneState.computeIfAbsent(room, r -> new long[] {0, 0});
            state[0] = Math.max(state[0], a.message().id());
            long cutoff = state[0] - maxPerRoom;
            if (cutoff - state[1] >= chunk) {
                state[1] = cutoff;
                queue.add((Runnable) () -> prune(room, cutoff));
            }
        }
        // One stat per commit: checking only every 100 ms let a fast writer overshoot the limit by ~50 MB in the
        // test; a commit costs far more than a stat.
        if (!checkpointQueued && walSize() > walLimitBytes) {
            try {
                readerThread.execute(this::boundWal);
                checkpointQueued = true;
            } catch (RejectedExecutionException closing) {
                // the store is closing; close() checkpoints once more
            }
        }
    }

    private long walSize() {
        try {
            return Files.size(wal);
        } catch (IOException e) {
            return 0; // no WAL file yet
        }
    }

    /**
     * Copies the whole WAL into the database, so that the next commit starts it over. Reader thread. The bulk is
     * copied while commits go on. For the last pass, commits write only their journal records (the messages wait
     * in memory a little longer before they go into chunks) and the writer thread holds off, so no frame is added
     * to the WAL before that pass has copied all of it. Until session 11 the last pass held the writer's lock
     * instead, and the event loops waited for it: 32-46 ms, most of it the pass's two syncs (finding 25).
     */
    private void boundWal() {
        checkpoint();
        writeLock.lock();
        try {
            walBounding = true;
        } finally {
            writeLock.unlock();
        }
        try {
            checkpoint();
        } finally {
            writeLock.lock();
            try {
                walBounding = false;
                checkpointQueued = false;
                boundingDone.signalAll();
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** Under the lock: waits while a WAL-bounding checkpoint's last pass runs (see {@link #boundWal}). */
    private void awaitBoundingDone() {
        while (walBounding) {
            boundingDone.awaitUninterruptibly();
        }
    }

    /** Deletes the messages of {@code room} up to {@code cutoff}, in whole chunks. Writer thread. */
    private void prune(String room, long cutoff) {
        try {
            chunks.prune(room, cutoff);
        } catch (SQLException e) {
            log.warn("history: pruning room {} failed: {}", room, e.getMessage());
            rollbackQuietly();
        }
    }

    /** Puts messages that waited long enough into chunks, when no commit did. Writer thread. */
    private void chunkStale() {
        try {
            chunks.chunkStale();
        } catch (SQLException e) {
            log.warn("history: writing chunks failed: {}", e.getMessage());
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

    private Page readPage(String room, Long before, Long after, int limit, long upTo) throws SQLException {
        List<ChatMessage> pending;
        writeLock.lock();
        try {
            pending = chunks.pendingOf(room);
        } finally {
            writeLock.unlock();
        }
        return reads.page(room, before, after, limit, upTo, pending);
    }

    @Override
    public int pendingWrites() {
        return queue.size();
    }

    /**
     * Upkeep on a timer: stale messages chunked (for when writes come too seldom to do it), the journal files
     * written through to the disk and the WAL copied (which syncs it): what an OS crash can lose is about a second.
     */
    private void everySecond() {
        queue.add((Runnable) this::chunkStale);
        List<Path> journal;
        writeLock.lock();
        try {
            journal = chunks.journalFiles();
        } finally {
            writeLock.unlock();
        }
        try {
            JournalFile.sync(journal);
        } catch (RuntimeException e) {
            log.warn("history: {}", e.getMessage());
        }
        checkpoint();
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
