package mychat.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mychat.server.history.HistoryStore;
import mychat.server.history.MemoryHistoryStore;
import mychat.server.history.SqliteHistoryStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What storing a message costs, per message, end to end: {@code perTurn} drafts (spread over 100 rooms, like the
 * 100 × 10 fan-out case) handed to the store at once, as a busy room turn does, then waiting until the last is
 * stored. For the SQLite store that is one group commit of {@code perTurn} messages on its writer thread, with
 * {@code synchronous=NORMAL} (the default), plus the two thread hand-offs; run pinned to one core to see them cost
 * what they cost a one-core server.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmn16m"})
@OperationsPerInvocation(StoreAppendBench.MESSAGES)
public class StoreAppendBench {
    static final int MESSAGES = 128;
    private static final int ROOMS = 100;
    private static final String TEXT = "|t0001:0000001234567890123|hello everyone, this is a typical chat line";

    @Param({"memory", "sqlite"})
    public String store;

    /** Messages handed over at once, before waiting; divides {@link #MESSAGES}. */
    @Param({"1", "8", "128"})
    public int perTurn;

    private HistoryStore history;
    private Path dataDir;
    /** Answers run on the thread that completes them, which then wakes the benchmark thread. */
    private final Executor completions = Runnable::run;
    private final String[] rooms = new String[ROOMS];
    private final String[] authors = new String[ROOMS];
    private int next;
    private final CompletableFuture<?>[] done = new CompletableFuture<?>[MESSAGES];

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (MESSAGES % perTurn != 0) {
            throw new IllegalStateException("perTurn must divide " + MESSAGES);
        }
        for (int r = 0; r < ROOMS; r++) {
            rooms[r] = "room-" + r;
            authors[r] = "user-" + r;
        }
        switch (store) {
            case "memory" -> history = new MemoryHistoryStore(10_000);
            case "sqlite" -> {
                dataDir = Files.createTempDirectory("store-bench");
                history = new SqliteHistoryStore(dataDir, 10_000, false);
            }
            default -> throw new IllegalArgumentException("store: memory or sqlite, not " + store);
        }
    }

    @Benchmark
    public void appendInBatches() throws Exception {
        for (int first = 0; first < MESSAGES; first += perTurn) {
            long now = System.currentTimeMillis();
            for (int i = first; i < first + perTurn; i++) {
                int r = next;
                next = (next + 1) % ROOMS;
                done[i] = history.append(new HistoryStore.Draft(rooms[r], now, authors[r], TEXT, null), completions);
            }
            done[first + perTurn - 1].get(10, TimeUnit.SECONDS);
        }
        for (CompletableFuture<?> f : done) {
            if (!f.isDone() || f.isCompletedExceptionally()) {
                throw new IllegalStateException("an append was not stored: " + f);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        history.close();
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
