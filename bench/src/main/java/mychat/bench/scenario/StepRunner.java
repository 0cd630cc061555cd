package mychat.bench.scenario;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import mychat.bench.net.BenchConnection;
import mychat.bench.net.ClientLoops;
import mychat.bench.net.Counts;
import mychat.bench.net.SendMsgFrame;
import mychat.bench.net.Tallies;
import mychat.bench.report.CpuSample;
import mychat.bench.report.LatencySummary;
import mychat.bench.report.ServerPids;
import org.HdrHistogram.Histogram;

/**
 * Runs one fanout step on a built {@link Topology}: warm up at the rate (messages marked step 0, not measured), then
 * send for the measured duration with the step's own marker, then wait until every delivery arrived or the drain
 * timeout passed. Latency and counts cover only messages carrying the step's marker, so stragglers of an earlier
 * step never pollute a later one.
 */
final class StepRunner {
    private static final int WARMUP_STEP = 0;

    private final ClientLoops loops;
    private final Topology topology;
    private final Map<EventLoop, List<BenchConnection>> sendersByLoop = new LinkedHashMap<>();
    private final int senderCount;
    private final SendMsgFrame frame;
    private final ServerPids serverPids;
    private final Progress progress;

    StepRunner(ClientLoops loops, Topology topology, int sendersPerRoom, SendMsgFrame frame, ServerPids serverPids,
               Progress progress) {
        this.loops = loops;
        this.topology = topology;
        List<BenchConnection> senders = topology.senders(sendersPerRoom);
        for (BenchConnection s : senders) {
            sendersByLoop.computeIfAbsent(s.channel().eventLoop(), l -> new ArrayList<>()).add(s);
        }
        this.senderCount = senders.size();
        this.frame = frame;
        this.serverPids = serverPids;
        this.progress = progress;
    }

    /** Sends at {@code rate} for {@code duration} without measuring: lets both JITs compile the hot paths. */
    void warmUp(double rate, Duration duration) {
        progress.say(String.format("warming up both sides: %.1f s at %.0f msg/s", duration.toMillis() / 1e3, rate));
        pace(WARMUP_STEP, rate, duration, "warm-up", null);
    }

    StepResult run(int step, double rate, Duration warmup, Duration duration, Duration drainTimeout) {
        if (!warmup.isZero()) {
            progress.say(String.format("step %d: warm-up %.1f s at %.0f msg/s", step, warmup.toMillis() / 1e3, rate));
            pace(WARMUP_STEP, rate, warmup, "warm-up", null);
        }
        return measure(step, rate, drainTimeout, status -> pace(step, rate, duration, "measure", status));
    }

    /**
     * A closed-loop step ({@link ClosedLoop}): every sender keeps {@code window} messages in flight through the
     * warm-up and the measured period, which follow each other without a pause. The result's target rate is 0.
     */
    StepResult runClosedLoop(int step, int window, Duration warmup, Duration duration, Duration drainTimeout) {
        List<ClosedLoop> closedLoops = new ArrayList<>();
        sendersByLoop.forEach((loop, senders) -> closedLoops.add(new ClosedLoop(loop, senders, window, frame)));
        progress.say(String.format("step %d: closed loop, %d in flight per sender; warm-up %.1f s", step, window,
                warmup.toMillis() / 1e3));
        join(closedLoops.stream().map(c -> c.start(WARMUP_STEP)).toList());
        hold(warmup, () -> "warm-up: sent " + closedLoops.stream().mapToLong(ClosedLoop::sent).sum());
        return measure(step, 0, drainTimeout, status -> {
            join(closedLoops.stream().map(c -> c.switchTo(step)).toList());
            hold(duration, () -> "measure: sent " + closedLoops.stream().mapToLong(ClosedLoop::sent).sum() + ", "
                    + status.get());
            long sent = join(closedLoops.stream().map(ClosedLoop::stop).toList()).stream()
                    .mapToLong(Long::longValue).sum();
            return new Pacer.Result(sent, 0, 0);
        });
    }

    /**
     * Counts and times the deliveries of messages marked {@code step} while {@code sending} sends them, then waits
     * for the rest to arrive (or the drain timeout). {@code sending} gets a progress text of what arrived so far.
     */
    private StepResult measure(int step, double targetRate, Duration drainTimeout,
                               Function<Supplier<String>, Pacer.Result> sending) {
        Tallies tallies = loops.tallies();
        Histogram discard = Tallies.newLatencyHistogram();
        tallies.drainLatency(discard);
        Counts before = tallies.counts();
        tallies.measure(step);
        StepLatency latency = new StepLatency(tallies);
        CpuSample cpuStart = CpuSample.take(serverPids);
        Pacer.Result sent = sending.apply(() -> latency.intervalP99() + " ms p99 (last s), "
                + (tallies.counts().measured() - before.measured()) + " delivered");
        CpuSample cpuEnd = CpuSample.take(serverPids);
        long expected = sent.sent() * topology.roomSize();
        progress.show(() -> "draining: " + (tallies.counts().measured() - before.measured()) + "/" + expected);
        Waits.until(() -> tallies.counts().measured() - before.measured() >= expected, drainTimeout);
        progress.show(null);
        Counts delta = tallies.counts().minus(before);
        tallies.measure(-1);
        return new StepResult(step, targetRate, sent.sent(), sent.skipped(), topology.roomSize(), expected, delta,
                LatencySummary.of(latency.total()), cpuStart.until(cpuEnd), sent.maxLagNanos() / 1e6);
    }

    /** Lets the senders run for {@code duration}, showing {@code status} meanwhile. */
    private void hold(Duration duration, Supplier<String> status) {
        progress.show(status);
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        } finally {
            progress.show(null);
        }
    }

    private static <T> List<T> join(List<CompletableFuture<T>> futures) {
        return futures.stream().map(CompletableFuture::join).toList();
    }

    /** Runs one pacer per loop, each with its share of the rate, and sums their results. */
    private Pacer.Result pace(int step, double rate, Duration duration, String phase,
                              Supplier<String> extra) {
        List<Pacer> pacers = new ArrayList<>();
        List<CompletableFuture<Pacer.Result>> done = new ArrayList<>();
        sendersByLoop.forEach((loop, senders) -> {
            Pacer p = new Pacer(loop, senders, rate * senders.size() / senderCount, step, duration.toNanos(), frame);
            pacers.add(p);
        });
        for (Pacer p : pacers) {
            done.add(p.start());
        }
        progress.show(() -> phase + ": sent " + pacers.stream().mapToLong(Pacer::sent).sum()
                + (extra == null ? "" : ", " + extra.get()));
        long sent = 0;
        long skipped = 0;
        long lag = 0;
        try {
            for (CompletableFuture<Pacer.Result> f : done) {
                Pacer.Result r = f.get();
                sent += r.sent();
                skipped += r.skipped();
                lag = Math.max(lag, r.maxLagNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("pacer failed", e.getCause());
        } finally {
            progress.show(null);
        }
        return new Pacer.Result(sent, skipped, lag);
    }
}
