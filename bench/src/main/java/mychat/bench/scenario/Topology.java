package mychat.bench.scenario;

import io.netty.channel.ChannelFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mychat.bench.net.BenchConnection;
import mychat.bench.net.ClientLoops;

/**
 * Rooms full of joined benchmark connections: {@code rooms} rooms named {@code <prefix>-<n>}, each with
 * {@code members} members. With several servers (the nodes of a cluster), member i of every room connects to server
 * i mod n, so each room spans the nodes and every message reaches members on other nodes than its sender's. Built
 * once per run and torn down with {@link #close}.
 */
final class Topology implements AutoCloseable {
    private final List<List<BenchConnection>> rooms;
    private final int roomSize;
    private final double setupSeconds;

    private Topology(List<List<BenchConnection>> rooms, int roomSize, double setupSeconds) {
        this.rooms = rooms;
        this.roomSize = roomSize;
        this.setupSeconds = setupSeconds;
    }

    /**
     * Connects everyone, then joins everyone at once (see {@link Connector}), then waits until the
     * {@code UserJoined} announcements have arrived too, so the measurement does not start in the middle of a join
     * storm (a room of m members causes m(m-1)/2 of them).
     */
    static Topology build(ClientLoops loops, String prefix, int roomCount, int members, int concurrency,
                          Progress progress) throws SetupException {
        long start = System.nanoTime();
        long eventsBefore = loops.tallies().counts().events();
        int total = roomCount * members;
        Duration timeout = Duration.ofSeconds(60 + total / 100);
        progress.say("connecting " + total + " clients: " + roomCount + " room(s) x " + members + " members");
        int servers = loops.servers();
        List<BenchConnection> all = new Connector(loops, concurrency, progress).openAllThenJoin(total,
                new Connector.Naming(i -> prefix + "-" + i / members, i -> "u" + i % members,
                        i -> i % members % servers), timeout);
        long expectedEvents = (long) roomCount * (members + (long) members * (members - 1) / 2);
        progress.show(() -> "waiting for join announcements: "
                + (loops.tallies().counts().events() - eventsBefore) + "/" + expectedEvents);
        boolean settled = Waits.until(() -> loops.tallies().counts().events() - eventsBefore >= expectedEvents,
                timeout);
        progress.show(null);
        if (!settled) {
            progress.say("warning: only " + (loops.tallies().counts().events() - eventsBefore) + " of "
                    + expectedEvents + " join events arrived; measuring anyway");
        }
        List<List<BenchConnection>> rooms = new ArrayList<>(roomCount);
        for (int r = 0; r < roomCount; r++) {
            rooms.add(List.copyOf(all.subList(r * members, (r + 1) * members)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.say(String.format("all %d joined in %.1f s", total, seconds));
        return new Topology(rooms, members, seconds);
    }

    int roomCount() {
        return rooms.size();
    }

    int roomSize() {
        return roomSize;
    }

    int connections() {
        return rooms.size() * roomSize;
    }

    double setupSeconds() {
        return setupSeconds;
    }

    /** The first {@code perRoom} members of every room. */
    List<BenchConnection> senders(int perRoom) {
        List<BenchConnection> senders = new ArrayList<>();
        for (List<BenchConnection> room : rooms) {
            senders.addAll(room.subList(0, Math.min(perRoom, room.size())));
        }
        return senders;
    }

    @Override
    public void close() {
        List<ChannelFuture> closes = new ArrayList<>();
        for (List<BenchConnection> room : rooms) {
            for (BenchConnection c : room) {
                closes.add(c.close());
            }
        }
        for (ChannelFuture f : closes) {
            f.awaitUninterruptibly();
        }
    }
}
