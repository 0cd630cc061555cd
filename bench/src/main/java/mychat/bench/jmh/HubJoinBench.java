package mychat.bench.jmh;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mychat.server.history.MemoryHistoryStore;
import mychat.server.hub.Hub;
import mychat.server.metrics.ServerMetrics;
import mychat.server.room.Room;
import mychat.server.room.RoomCommand;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A join among {@code rooms} rooms that already exist, one member each: the hub looks the room up and reserves it
 * (creating it, since it does not exist yet), the room starts, takes the {@code Join} and answers {@code Joined};
 * then the member leaves and the empty room retires, so every invocation finds the same number of rooms. The hub
 * is a hash map and a room knows only its own members, so the time should not depend on {@code rooms}. Rooms run
 * on an {@link EmbeddedChannel}'s loop, which runs queued tasks only when asked, as in {@link RoomBroadcastBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class HubJoinBench {

    @Param({"1", "100", "10000"})
    public int rooms;

    private EmbeddedChannel loop;
    private Hub hub;
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private EmbeddedChannel joiner;

    @Setup(Level.Trial)
    public void setUp() {
        loop = new EmbeddedChannel();
        Room.Settings settings = new Room.Settings(Clock.systemUTC(), new MemoryHistoryStore(10_000),
                new ServerMetrics(), 10_000, 0, 10_000);
        hub = new Hub(loop.eventLoop(), settings);
        for (int i = 0; i < rooms; i++) {
            EmbeddedChannel member = new EmbeddedChannel(DiscardWrites.INSTANCE);
            channels.add(member);
            if (!join("room-" + i, member)) {
                throw new IllegalStateException("setting up room " + i + " failed");
            }
        }
        joiner = new EmbeddedChannel(DiscardWrites.INSTANCE);
        channels.add(joiner);
    }

    @Benchmark
    public boolean joinAndLeaveAFreshRoom() {
        CompletableFuture<Boolean> joined = new CompletableFuture<>();
        Room room = hub.roomForJoin("fresh");
        room.tell(new RoomCommand.Join(joiner, "u", null, joined));
        loop.runPendingTasks();
        room.tell(new RoomCommand.Leave(joiner, true, null));
        loop.runPendingTasks();
        return joined.getNow(false);
    }

    private boolean join(String name, EmbeddedChannel member) {
        CompletableFuture<Boolean> joined = new CompletableFuture<>();
        hub.roomForJoin(name).tell(new RoomCommand.Join(member, "u", null, joined));
        loop.runPendingTasks();
        return joined.getNow(false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (hub.roomCount() != rooms) {
            throw new IllegalStateException("rooms leaked: " + hub.roomCount() + " instead of " + rooms);
        }
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
        loop.finishAndReleaseAll();
    }
}
