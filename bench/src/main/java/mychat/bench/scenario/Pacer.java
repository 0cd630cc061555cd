package mychat.bench.scenario;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mychat.bench.net.BenchConnection;
import mychat.bench.net.SendMsgFrame;

/**
 * Sends {@code SendMsg}s from a list of senders, in turn, at a steady rate for a fixed time: every millisecond it
 * sends as many as are due by then ({@code rate x elapsed}), so the load is paced rather than bursty, and it never
 * sends more or fewer than {@code rate x duration} in total. Each message carries the time it was actually written.
 *
 * <p>Threading: runs on one event loop, the one all its senders belong to; {@link #sent} may be read from any thread.
 * Open loop: a late tick sends what is overdue at once, and how late the generator was is reported
 * ({@code maxLagNanos}) so that a saturated generator is visible.
 */
final class Pacer implements Runnable {
    private static final long TICK_MICROS = 1_000;

    /** What one pacing period did. */
    record Result(long sent, long skipped, long maxLagNanos) {}

    private final EventLoop loop;
    private final BenchConnection[] senders;
    private final boolean[] dirty;
    private final int[] touched;
    private int touchedCount;
    private final double perSecond;
    private final int step;
    private final long durationNanos;
    private final SendMsgFrame frame;
    private final CompletableFuture<Result> done = new CompletableFuture<>();

    private ScheduledFuture<?> ticks;
    private long startNanos;
    private long attempted;
    private long skipped;
    private long maxLagNanos;
    private int next;
    private volatile long sentPublished;

    Pacer(EventLoop loop, List<BenchConnection> senders, double perSecond, int step, long durationNanos,
          SendMsgFrame frame) {
        this.loop = loop;
        this.senders = senders.toArray(BenchConnection[]::new);
        this.dirty = new boolean[this.senders.length];
        this.touched = new int[this.senders.length];
        this.perSecond = perSecond;
        this.step = step;
        this.durationNanos = durationNanos;
        this.frame = frame;
    }

    /** Starts pacing; the future completes on the loop when the time is up. Any thread. */
    CompletableFuture<Result> start() {
        loop.execute(() -> {
            startNanos = System.nanoTime();
            ticks = loop.scheduleWithFixedDelay(this, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
        });
        return done;
    }

    /** Messages written so far; any thread. */
    long sent() {
        return sentPublished;
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        long elapsed = now - startNanos;
        boolean last = elapsed >= durationNanos;
        long due = (long) (perSecond * Math.min(elapsed, durationNanos) / 1e9);
        if (due > attempted) {
            long intended = startNanos + (long) (attempted * 1e9 / perSecond);
            maxLagNanos = Math.max(maxLagNanos, now - intended);
        }
        int n = senders.length;
        while (attempted < due) {
            int i = next;
            next = i + 1 == n ? 0 : i + 1;
            attempted++;
            BenchConnection c = senders[i];
            if (!c.channel().isActive()) {
                skipped++;
                continue;
            }
            c.send(frame.encode(c.channel().alloc(), step, System.nanoTime()));
            if (!dirty[i]) {
                dirty[i] = true;
                touched[touchedCount++] = i;
            }
        }
        for (int k = 0; k < touchedCount; k++) { // one flush (one syscall) per sender per tick
            int i = touched[k];
            dirty[i] = false;
            senders[i].flush();
        }
        touchedCount = 0;
        sentPublished = attempted - skipped;
        if (last) {
            ticks.cancel(false);
            done.complete(new Result(attempted - skipped, skipped, maxLagNanos));
        }
    }
}
