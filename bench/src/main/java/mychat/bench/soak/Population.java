package mychat.bench.soak;

import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mychat.bench.net.ClientLoops;

/**
 * The soak's clients and what they share: settings, event loops, counters, the run id. Client {@code i} is in room
 * {@code i % rooms}, and all clients of a room run on one event loop (room {@code r} on loop {@code r % loops}), so
 * that a receiver may check a line against its sender's state without locks.
 *
 * <p>The methods here are for the orchestrating thread; each hands the work to the clients' loops.
 */
final class Population {
    private static final long LOOP_ANSWER_SECONDS = 30;

    private final SoakConfig config;
    private final ClientLoops loops;
    private final SoakCounts counts = new SoakCounts();
    private final String run;
    private final String padding;
    private final ChurnClient[] clients;
    private final List<EventLoop> loopList;
    private final AtomicInteger inRoom = new AtomicInteger();

    Population(SoakConfig config, ClientLoops loops, String run) {
        this.config = config;
        this.loops = loops;
        this.run = run;
        this.padding = "x".repeat(config.textBytes());
        this.loopList = loops.loops();
        this.clients = new ChurnClient[config.clients()];
        for (int i = 0; i < clients.length; i++) {
            int room = i % config.rooms();
            clients[i] = new ChurnClient(this, i, roomName(room), loopList.get(room % loopList.size()));
        }
    }

    SoakConfig config() {
        return config;
    }

    ClientLoops loops() {
        return loops;
    }

    SoakCounts counts() {
        return counts;
    }

    String run() {
        return run;
    }

    String roomName(int room) {
        return "soak-" + run + "-" + room;
    }

    /** The client numbered {@code index}, or null. */
    ChurnClient client(int index) {
        return index >= 0 && index < clients.length ? clients[index] : null;
    }

    /** A line's text: its cid (which receivers check) padded to the configured size. */
    String text(String cid) {
        int pad = config.textBytes() - cid.length() - 1;
        return pad <= 0 ? cid : cid + ' ' + padding.substring(0, pad);
    }

    /** How long a client stays away between sessions, drawn so that about {@code connected} are online. */
    long offlineMillis() {
        long mean = config.offlineMean().toMillis();
        long drawn = ThreadLocalRandom.current().nextLong(mean / 2, mean * 3 / 2 + 1);
        return Math.max(SoakConfig.MIN_OFFLINE_MILLIS, drawn);
    }

    /** Clients that have joined their room and not left it. Any thread. */
    int inRoom() {
        return inRoom.get();
    }

    void enteredRoom() {
        inRoom.incrementAndGet();
    }

    void leftRoom() {
        inRoom.decrementAndGet();
    }

    /**
     * The first {@code connected} clients (spread evenly over the rooms) connect within the ramp; the others start
     * as if they had just left, so that the population reaches its steady mix without a wave of reconnects.
     */
    void start(Duration ramp) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (ChurnClient c : clients) {
            long delay = random.nextLong(Math.max(1, ramp.toMillis()));
            if (c.index >= config.connected()) {
                delay = ramp.toMillis() + offlineMillis();
            }
            long startDelay = delay;
            c.loop.execute(() -> c.start(startDelay));
        }
    }

    /** Every client stops churning and resends what it has not seen back (see {@link ChurnClient#finish}). */
    void finish() {
        for (ChurnClient c : clients) {
            c.loop.execute(c::finish);
        }
    }

    /** Clients that {@link #finish} has not yet brought to rest. */
    int unsettled() {
        return sumOverLoops(c -> c.settled() ? 0L : 1L).intValue();
    }

    /** Ends every client's connection and waits (boundedly) until the sockets are closed. */
    void close(Duration timeout) {
        List<ChannelFuture> closing = new ArrayList<>();
        for (EventLoop loop : loopList) {
            closing.addAll(onLoop(loop, () -> {
                List<ChannelFuture> mine = new ArrayList<>();
                for (ChurnClient c : clients) {
                    if (c.loop == loop) {
                        ChannelFuture f = c.close();
                        if (f != null) {
                            mine.add(f);
                        }
                    }
                }
                return mine;
            }));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ChannelFuture f : closing) {
            f.awaitUninterruptibly(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /** What became of the lines sent; once the run is over. */
    SentLines lines() {
        long sent = sumOverLoops(c -> (long) c.own.sent());
        long unconfirmed = sumOverLoops(c -> (long) c.own.unconfirmedCount());
        long never = sumOverLoops(c -> c.own.unconfirmed().stream()
                .filter(seq -> Boolean.FALSE.equals(c.own.seenByAnyone(seq))).count());
        long unknown = sumOverLoops(c -> c.own.unconfirmed().stream()
                .filter(seq -> c.own.seenByAnyone(seq) == null).count());
        return new SentLines(sent, unconfirmed, never, unknown);
    }

    /** Sums {@code f} over all clients, each evaluated on its own loop. */
    private Long sumOverLoops(Function<ChurnClient, Long> f) {
        long sum = 0;
        for (EventLoop loop : loopList) {
            sum += onLoop(loop, () -> {
                long s = 0;
                for (ChurnClient c : clients) {
                    if (c.loop == loop) {
                        s += f.apply(c);
                    }
                }
                return s;
            });
        }
        return sum;
    }

    private static <T> T onLoop(EventLoop loop, Callable<T> task) {
        Future<T> answer = loop.submit(task);
        try {
            return answer.get(LOOP_ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the client loop", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the client loop did not answer: " + e, e);
        }
    }
}
