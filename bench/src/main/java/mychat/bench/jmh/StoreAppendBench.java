package mychat.bench.jmh;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mychat.server.history.ChatMessage;
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
 * What storing a message costs the server, per message, as the rooms do it: {@code append} called on an event loop
 * ({@code perTurn} messages in one loop turn, spread over 100 rooms like the 100 × 10 fan-out case), then the rest
 * of the turn, where the SQLite store commits them (journal record, chunks that filled, WAL write; {@code
 * synchronous=NORMAL}, the default). The loop is an {@code EmbeddedEventLoop} run on the benchmark thread, so the
 * figure is the loop's own cost, without scheduling; the SQLite store's checkpoints and pruning run on its own
 * threads and are not in it (on a one-core server they take the same core: docs/BENCHMARKS.md, finding 21).
 *
 * <p>Answers how far a saturated server's maximum can fall with SQLite: at its maximum a 100 × 10 message costs the
 * memory-store server about 9 µs of fan-out (10 deliveries), so every µs the store adds per message is about a tenth
 * of the capacity.
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

    /** Messages appended in one loop turn (one commit for the SQLite store); divides {@link #MESSAGES}. */
    @Param({"1", "8", "128"})
    public int perTurn;

    private HistoryStore history;
    private Path dataDir;
    private EmbeddedChannel loopChannel;
    private EventExecutor loop;
    private final String[] rooms = new String[ROOMS];
    private final String[] authors = new String[ROOMS];
    private final long[] lastIds = new long[ROOMS];
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
        loopChannel = new EmbeddedChannel();
        loop = loopChannel.eventLoop();
    }

    @Benchmark
    public void appendInLoopTurns() {
        for (int turn = 0; turn < MESSAGES / perTurn; turn++) {
            int first = turn * perTurn;
            // As if on the room's event loop: the SQLite store queues its commit on that loop for later in the turn.
            ThreadExecutorMap.apply((Runnable) () -> appendSome(first), loop).run();
            loopChannel.runPendingTasks();
        }
        for (CompletableFuture<?> f : done) {
            if (!f.isDone() || f.isCompletedExceptionally()) {
                throw new IllegalStateException("an append was not stored within its turn: " + f);
            }
        }
    }

    private void appendSome(int first) {
        long now = System.currentTimeMillis();
        for (int i = first; i < first + perTurn; i++) {
            int r = next;
            next = (next + 1) % ROOMS;
            done[i] = history.append(new ChatMessage(rooms[r], ++lastIds[r], now, authors[r], TEXT, null));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        history.close();
        loopChannel.finishAndReleaseAll();
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
