package mychat.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import mychat.bench.net.BenchConnection;
import mychat.bench.net.ClientLoops;

/**
 * Opens many connections with at most {@code concurrency} attempts in flight (so a connection storm measures the
 * server, not an overflowing accept queue) and waits until all have joined. Two ways:
 * <ul>
 *   <li>{@link #openEachJoining}: each connection joins right after its handshake (the connect benchmark: a
 *       connection's latency covers TCP, handshake and join);</li>
 *   <li>{@link #openAllThenJoin}: first every handshake, then every {@code Join} at once. Filling rooms this way
 *       lets a server batch the m(m-1)/2 {@code UserJoined} announcements of big rooms instead of paying a flush
 *       per member per join, which made a 10,000-member room take minutes to fill.</li>
 * </ul>
 */
final class Connector {
    /**
     * Names the connection with a given index: its room, its nick, the server it connects to (an index into
     * {@link ClientLoops}' servers) and the id it resumes after (null: none).
     */
    record Naming(IntFunction<String> room, IntFunction<String> nick, IntUnaryOperator server,
                  IntFunction<Long> since) {
        /** Connections that do not resume. */
        Naming(IntFunction<String> room, IntFunction<String> nick, IntUnaryOperator server) {
            this(room, nick, server, i -> null);
        }

        /** Every connection to the first server, none resuming. */
        Naming(IntFunction<String> room, IntFunction<String> nick) {
            this(room, nick, i -> 0);
        }

        /** The same names for connections numbered from {@code offset} on. */
        Naming from(int offset) {
            return new Naming(i -> room.apply(offset + i), i -> nick.apply(offset + i),
                    i -> server.applyAsInt(offset + i), i -> since.apply(offset + i));
        }
    }

    private final ClientLoops loops;
    private final int concurrency;
    private final Progress progress;
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger joined = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    Connector(ClientLoops loops, int concurrency, Progress progress) {
        this.loops = loops;
        this.concurrency = concurrency;
        this.progress = progress;
    }

    List<BenchConnection> openEachJoining(int count, Naming naming, Duration timeout) throws SetupException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<BenchConnection> all = open(count, naming, true, BenchConnection::joined, deadline);
        await(all, BenchConnection::joined, count, "join", deadline);
        return all;
    }

    List<BenchConnection> openAllThenJoin(int count, Naming naming, Duration timeout) throws SetupException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<BenchConnection> all = open(count, naming, false, BenchConnection::connected, deadline);
        await(all, BenchConnection::connected, count, "handshake", deadline);
        progress.say("all " + count + " connected; joining");
        for (BenchConnection c : all) {
            c.join();
        }
        await(all, BenchConnection::joined, count, "join", deadline);
        return all;
    }

    /** Opens {@code count} connections, keeping at most {@code concurrency} whose {@code gate} is pending. */
    private List<BenchConnection> open(int count, Naming naming, boolean autoJoin,
                                       Function<BenchConnection, CompletableFuture<BenchConnection>> gate,
                                       long deadline) throws SetupException {
        Semaphore inFlight = new Semaphore(concurrency);
        List<BenchConnection> all = new ArrayList<>(count);
        progress.show(() -> "connecting: " + connected.get() + "/" + count + " connected, " + joined.get()
                + " joined, " + failed.get() + " failed");
        try {
            for (int i = 0; i < count && firstFailure.get() == null; i++) {
                if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw fail(all, count, "timed out", null);
                }
                BenchConnection c = loops.open(naming.server().applyAsInt(i), naming.room().apply(i),
                        naming.nick().apply(i), naming.since().apply(i), autoJoin);
                all.add(c);
                c.connected().whenComplete((ok, error) -> {
                    if (error == null) {
                        connected.incrementAndGet();
                    }
                });
                c.joined().whenComplete((ok, error) -> {
                    if (error == null) {
                        joined.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, error);
                    }
                });
                gate.apply(c).whenComplete((ok, error) -> inFlight.release());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(all, count, "interrupted", null);
        }
        return all;
    }

    private void await(List<BenchConnection> all, Function<BenchConnection, CompletableFuture<BenchConnection>> what,
                       int count, String phase, long deadline) throws SetupException {
        try {
            CompletableFuture.allOf(all.stream().map(what).toArray(CompletableFuture[]::new))
                    .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(all, count, "interrupted", null);
        } catch (TimeoutException e) {
            throw fail(all, count, phase + " timed out", firstFailure.get());
        } catch (ExecutionException e) {
            throw fail(all, count, "a " + phase + " failed", firstFailure.get() != null ? firstFailure.get()
                    : e.getCause());
        } finally {
            progress.show(null);
        }
        if (all.size() < count) {
            throw fail(all, count, "not every connection was opened", firstFailure.get());
        }
    }

    private SetupException fail(List<BenchConnection> opened, int count, String why, Throwable cause) {
        progress.show(null);
        for (BenchConnection c : opened) {
            if (c.channel() != null) {
                c.close();
            }
        }
        return new SetupException("set-up failed (" + why + "): " + connected.get() + " of " + count
                + " connected, " + joined.get() + " joined, " + failed.get() + " failed"
                + (cause == null ? "" : "; first failure: " + cause), cause);
    }
}
