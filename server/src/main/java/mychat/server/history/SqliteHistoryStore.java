package mychat.server.history;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import mychat.server.telemetry.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * History in an embedded SQLite database, {@code CHAT_DATA_DIR/history.db} in WAL mode, one row per message
 * ({@link Schema}).
 *
 * <p>Writes: one writer thread with its own connection takes whatever appends have queued up, stores them in one
 * transaction and commits (group commit: under load a commit carries many messages, and alone a message is
 * committed at once), then completes their futures on the callers' executors, in order. SQLite checkpoints the WAL
 * itself from the writer once it passes {@link #AUTOCHECKPOINT_PAGES}, which keeps the file bounded however
 * steadily messages come. Room starts run on the writer thread too, so they see every append made before them.
 *
 * <p>Reads: one reader thread with its own connection; WAL lets it read while the writer writes. Every second in
 * which something was committed, it also copies the WAL into the database (a PASSIVE checkpoint, which never makes
 * the writer wait), which writes the WAL through to the disk.
 *
 * <p>Durability: a message is stored once its transaction is committed, before anyone receives it. With
 * {@code synchronous=NORMAL} (default) a commit is in the operating system's page cache, so it survives the process
 * being killed, and an OS crash or power loss can lose the commits of about the last second; {@code FULL} makes
 * every commit wait for the disk.
 */
public final class SqliteHistoryStore implements HistoryStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteHistoryStore.class);
    /** Most drafts in one transaction, so that one commit never holds up its first messages for long. */
    private static final int MAX_BATCH = 1024;
    /** WAL size in 4 KiB pages after which a commit checkpoints it (SQLite's default is 1,000). */
    static final int AUTOCHECKPOINT_PAGES = 4096;
    /** What the WAL file is cut back to after a checkpoint, in bytes. */
    private static final long WAL_SIZE_LIMIT = 64L << 20;

    private final Path file;
    private final Tracing tracing;
    private final SqliteWriter writer;
    private final Connection reader;
    private final PreparedStatement oldestFirst;
    private final PreparedStatement newestFirst;
    private final PreparedStatement oldestId;
    private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final Thread writerThread;
    private final ScheduledExecutorService readerThread;
    /** Commits so far, and as of the last timed checkpoint: a quiet store is not checkpointed. */
    private final AtomicLong commits = new AtomicLong();
    private long commitsCheckpointed;
    private volatile boolean closed;

    /** What the writer thread takes from its queue, in order. */
    private sealed interface Work {}

    /** {@code traced}: the context the append was made in, whose span (if sampled) parents the commit's span. */
    private record Append(Draft draft, Executor completions, CompletableFuture<Appended> done, Context traced)
            implements Work {}

    private record Task(Consumer<SqliteWriter> body) implements Work {}

    private record Stop() implements Work {}

    /**
     * Opens (or creates) the database, checks that it is intact and writable, and brings an older layout up to
     * date.
     *
     * @throws StoreException with a message naming the file when it is not usable
     */
    public SqliteHistoryStore(Path dataDir, int maxPerRoom, boolean syncFull) {
        this(dataDir, maxPerRoom, syncFull, Tracing.OFF);
    }

    /** As above; with {@code tracing} on, a transaction that stores a sampled message has a span. */
    public SqliteHistoryStore(Path dataDir, int maxPerRoom, boolean syncFull, Tracing tracing) {
        this.file = dataDir.resolve("history.db");
        this.tracing = tracing;
        try {
            Files.createDirectories(dataDir);
        } catch (Exception e) {
            throw new StoreException("cannot create data directory " + dataDir.toAbsolutePath() + ": " + e, e);
        }
        Connection writing = null;
        try {
            writing = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = writing.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                checkIntegrity(s);
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = " + (syncFull ? "FULL" : "NORMAL"));
                s.execute("PRAGMA wal_autocheckpoint = " + AUTOCHECKPOINT_PAGES);
                s.execute("PRAGMA journal_size_limit = " + WAL_SIZE_LIMIT);
            }
            List<Path> imported = Schema.prepare(writing, dataDir);
            for (Path f : imported) {
                Files.deleteIfExists(f);
            }
            writer = new SqliteWriter(writing, maxPerRoom);
            reader = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = reader.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
            }
            String range = "WHERE room = ? AND id > ? AND id <= ? AND " + MessageRows.KEPT + "ORDER BY id ";
            oldestFirst = reader.prepareStatement(MessageRows.SELECT + range + "LIMIT ?");
            newestFirst = reader.prepareStatement(MessageRows.SELECT + range + "DESC LIMIT ?");
            oldestId = reader.prepareStatement("SELECT id FROM messages WHERE room = ? ORDER BY id LIMIT 1");
        } catch (SQLException | java.io.IOException e) {
            closeQuietly(writing);
            throw new StoreException("history database " + file.toAbsolutePath() + " is not usable: "
                    + e.getMessage(), e);
        }
        writerThread = Thread.ofPlatform().name("history-writer").daemon(true).start(this::writeLoop);
        readerThread = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("history-reader")
                .daemon(true).unstarted(r));
        readerThread.scheduleWithFixedDelay(this::checkpointIfWritten, 1, 1, TimeUnit.SECONDS);
    }

    private static void checkIntegrity(Statement s) throws SQLException {
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
    public CompletableFuture<Appended> append(Draft draft, Executor completions) {
        CompletableFuture<Appended> done = new CompletableFuture<>();
        if (closed) {
            completeOn(completions, () -> done.completeExceptionally(new IllegalStateException("history closed")));
        } else {
            queue.add(new Append(draft, completions, done, tracing.current()));
        }
        return done;
    }

    @Override
    public CompletableFuture<RoomStart> open(String room, int tail) {
        CompletableFuture<RoomStart> result = new CompletableFuture<>();
        queue.add(new Task(w -> {
            try {
                result.complete(w.start(room, tail));
            } catch (SQLException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }));
        return result;
    }

    @Override
    public CompletableFuture<Boolean> delete(String room, long id, Executor completions) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        onWriter(result, w -> w.delete(room, id), completions);
        return result;
    }

    @Override
    public CompletableFuture<List<Ban>> bans() {
        CompletableFuture<List<Ban>> result = new CompletableFuture<>();
        onWriter(result, w -> w.inTransaction(BanRows::all), Runnable::run);
        return result;
    }

    @Override
    public CompletableFuture<Ban> addBan(Ban ban) {
        CompletableFuture<Ban> result = new CompletableFuture<>();
        onWriter(result, w -> w.inTransaction(db -> BanRows.insert(db, ban)), Runnable::run);
        return result;
    }

    @Override
    public CompletableFuture<Boolean> removeBan(long id) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        onWriter(result, w -> w.inTransaction(db -> BanRows.delete(db, id)), Runnable::run);
        return result;
    }

    /** A step on the writer thread whose outcome completes {@code result} on {@code completions}. */
    private <T> void onWriter(CompletableFuture<T> result, WriterStep<T> step, Executor completions) {
        if (closed) {
            completeOn(completions, () -> result.completeExceptionally(new IllegalStateException("history closed")));
            return;
        }
        queue.add(new Task(w -> {
            try {
                T value = step.run(w);
                completeOn(completions, () -> result.complete(value));
            } catch (SQLException | RuntimeException e) {
                completeOn(completions, () -> result.completeExceptionally(e));
            }
        }));
    }

    private interface WriterStep<T> {
        T run(SqliteWriter writer) throws SQLException;
    }

    private void writeLoop() {
        List<Append> batch = new ArrayList<>();
        while (true) {
            Work work;
            try {
                work = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            switch (work) {
                case Append first -> {
                    batch.add(first);
                    while (batch.size() < MAX_BATCH && queue.peek() instanceof Append next) {
                        batch.add(next);
                        queue.poll();
                    }
                    commit(batch);
                    batch.clear();
                }
                case Task task -> task.body().accept(writer);
                case Stop stop -> {
                    closeQuietly(writer);
                    failLateAppends();
                    return;
                }
            }
        }
    }

    /**
     * Stores a batch in one transaction and completes each append on its executor. If the transaction fails, each
     * message is tried again in a transaction of its own, so that one message that cannot be stored does not take
     * the others with it. Writer thread.
     */
    private void commit(List<Append> batch) {
        Exception failure = tryCommit(batch);
        if (failure == null) {
            return;
        }
        int failed = 0;
        for (Append a : batch) {
            Exception alone = batch.size() == 1 ? failure : tryCommit(List.of(a));
            if (alone != null) {
                failed++;
                failure = alone;
                completeOn(a.completions(), () -> a.done().completeExceptionally(alone));
            }
        }
        if (failed > 0) {
            log.error("history: could not store {} of {} messages: {}", failed, batch.size(), failure.getMessage());
        }
    }

    /** Stores and completes the batch; returns why it failed (nothing of it stored, nothing completed), or null. */
    private Exception tryCommit(List<Append> batch) {
        List<Draft> drafts = new ArrayList<>(batch.size());
        for (Append a : batch) {
            drafts.add(a.draft());
        }
        Span span = tracing.on() ? tracing.storeCommit(batch.stream().map(Append::traced).toList(),
                file.getFileName().toString()) : Span.getInvalid();
        List<Appended> outcomes;
        try {
            outcomes = writer.store(drafts);
        } catch (SQLException | RuntimeException e) {
            Tracing.failed(span, e.getClass().getName());
            return e;
        }
        span.end();
        commits.incrementAndGet();
        for (int i = 0; i < batch.size(); i++) {
            Append a = batch.get(i);
            Appended outcome = outcomes.get(i);
            completeOn(a.completions(), () -> a.done().complete(outcome));
        }
        return null;
    }

    /** Appends that came after {@link #close} began: they are refused, so nobody waits for them. */
    private void failLateAppends() {
        for (Work late; (late = queue.poll()) != null; ) {
            if (late instanceof Append a) {
                completeOn(a.completions(), () -> a.done().completeExceptionally(
                        new IllegalStateException("history closed")));
            }
        }
    }

    private static void completeOn(Executor completions, Runnable completion) {
        try {
            completions.execute(completion);
        } catch (RejectedExecutionException stopped) {
            // the room's loop has stopped (the server is shutting down): nobody waits for the answer
        }
    }

    // ---- reads ------------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Page> read(String room, long afterId, long upToId, int limit, From from,
                                        Executor completions) {
        CompletableFuture<Page> done = new CompletableFuture<>();
        Runnable read = () -> {
            try {
                Page page = readPage(room, afterId, upToId, limit, from);
                completeOn(completions, () -> done.complete(page));
            } catch (SQLException | RuntimeException e) {
                StoreException failure = new StoreException("reading history of " + room + " failed: "
                        + e.getMessage(), e);
                completeOn(completions, () -> done.completeExceptionally(failure));
            }
        };
        try {
            readerThread.execute(read);
        } catch (RejectedExecutionException closing) {
            completeOn(completions, () -> done.completeExceptionally(new IllegalStateException("history closed")));
        }
        return done;
    }

    /** Reader thread. Asks for one message more than the limit to learn whether there are more. */
    private Page readPage(String room, long afterId, long upToId, int limit, From from) throws SQLException {
        PreparedStatement query = from == From.OLDEST ? oldestFirst : newestFirst;
        query.setString(1, room);
        query.setLong(2, afterId);
        query.setLong(3, upToId);
        query.setInt(4, limit + 1);
        List<ChatMessage> rows = new ArrayList<>(Math.min(limit + 1, 256));
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                rows.add(MessageRows.read(rs));
            }
        }
        boolean more = rows.size() > limit;
        List<ChatMessage> page = more ? rows.subList(0, limit) : rows;
        oldestId.setString(1, room);
        long oldest;
        try (ResultSet rs = oldestId.executeQuery()) {
            oldest = rs.next() ? rs.getLong(1) : 0;
        }
        return new Page(List.copyOf(from == From.OLDEST ? page : page.reversed()), more, oldest);
    }

    /** Reader thread, once a second. */
    private void checkpointIfWritten() {
        long now = commits.get();
        if (now == commitsCheckpointed) {
            return;
        }
        commitsCheckpointed = now;
        try (Statement s = reader.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            log.warn("history: checkpoint failed: {}", e.getMessage());
        }
    }

    @Override
    public int pendingWrites() {
        return queue.size();
    }

    // ---- lifecycle --------------------------------------------------------------------------------------------

    /** Stores everything queued before it, then closes both connections, leaving the WAL copied in. */
    @Override
    public void close(long timeoutMillis) {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(new Stop());
        try {
            writerThread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readerThread.shutdown();
        try {
            readerThread.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(reader);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing at shutdown: nothing left to save
        }
    }
}
