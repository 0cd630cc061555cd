package mychat.bench.jmh;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mychat.server.history.MemoryHistoryStore;
import mychat.server.metrics.ServerMetrics;
import mychat.server.room.Room;
import mychat.server.room.RoomCommand;
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
 * One chat message through a real {@link Room} with {@code members} members: the {@code Say} command, the memory
 * store's append, its answer through the room's mailbox, the server's delivery counters, one encode, a
 * {@code retainedDuplicate()} write per member and one flush per member. Members are {@link EmbeddedChannel}s
 * whose writes are released at once ({@link DiscardWrites}), so this is the room's cost without the kernel's. The
 * room is pinned to the event loop of one more EmbeddedChannel; an {@code EmbeddedEventLoop} runs queued tasks only when asked, which the benchmark does after
 * each {@code tell}. Reported per delivery (one message = {@code members} deliveries).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@OperationsPerInvocation(RoomBroadcastBench.MEMBERS)
public class RoomBroadcastBench {
    static final int MEMBERS = 1000;
    private static final String TEXT = "|t0001:0000001234567890123|hello everyone, this is a typical chat line";

    @Param({"1000"})
    public int members;

    private EmbeddedChannel roomLoop;
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private Room room;
    private EmbeddedChannel sender;

    @Setup(Level.Trial)
    public void setUp() {
        if (members != MEMBERS) {
            throw new IllegalStateException("@OperationsPerInvocation assumes " + MEMBERS + " members");
        }
        roomLoop = new EmbeddedChannel();
        Room.Settings settings = new Room.Settings(Clock.systemUTC(), new MemoryHistoryStore(10_000),
                new ServerMetrics(), 10_000, 0, 10_000);
        room = new Room("bench", roomLoop.eventLoop(), settings, r -> { });
        List<CompletableFuture<Boolean>> joins = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            EmbeddedChannel ch = new EmbeddedChannel(DiscardWrites.INSTANCE);
            channels.add(ch);
            CompletableFuture<Boolean> joined = new CompletableFuture<>();
            joins.add(joined);
            room.tell(new RoomCommand.Join(ch, "u" + i, null, joined));
            roomLoop.runPendingTasks();
        }
        for (CompletableFuture<Boolean> j : joins) {
            if (!j.getNow(false)) {
                throw new IllegalStateException("a member did not join");
            }
        }
        sender = channels.getFirst();
    }

    @Benchmark
    public void broadcastOneMessage() {
        room.tell(new RoomCommand.Say(sender, TEXT, null, System.nanoTime()));
        roomLoop.runPendingTasks();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
        roomLoop.finishAndReleaseAll();
    }
}
