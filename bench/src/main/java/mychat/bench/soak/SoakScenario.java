package mychat.bench.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import mychat.bench.net.ClientLoops;
import mychat.bench.report.CpuSample;
import mychat.bench.scenario.Progress;
import mychat.bench.scenario.SetupException;
import mychat.bench.soak.SoakCounts.Count;

/**
 * The churn soak: a population of clients that come and go, chat, and stop reading now and then, for a long time,
 * while the server's memory is read every sample interval. It answers two questions: does the server's memory
 * level off under churn, and does every client see every message of its room once, in order, with holes only where
 * the server announced them?
 *
 * <p>Phases: a reading before any client; the population connects within the ramp and churns for the duration,
 * with a reading and a progress line at every interval; then the drain, in which nobody sends anything new and every
 * client resends what it has not seen back (connecting if needed) until all have, or the drain timeout passes;
 * then every connection is closed.
 *
 * <p>Runs on the calling thread, which only samples and waits; the clients run on the loops.
 */
public final class SoakScenario {
    /** If no client has managed a WebSocket handshake this long after the ramp, the server is not there. */
    private static final Duration FIRST_SESSION_GRACE = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final long WAIT_STEP_NANOS = 200_000_000;

    private SoakScenario() {}

    public static SoakReport run(SoakConfig config, Progress progress) throws SetupException {
        String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        MemorySampler sampler = new MemorySampler(config);
        List<MemorySample> samples = new ArrayList<>();
        try (ClientLoops loops = new ClientLoops(config.url(), config.threads(), config.sourceAddresses())) {
            Population population = new Population(config, loops, run);
            SoakCounts counts = population.counts();
            long start = System.nanoTime();
            samples.add(sampler.take(0, 0));
            progress.say("before any client: " + samples.getLast().describe());
            progress.say(String.format("%,d clients, about %,d online, in %d rooms of %s for %d s (run %s)",
                    config.clients(), config.connected(), config.rooms(), config.url(),
                    config.duration().toSeconds(), run));
            CpuSample cpuStart = CpuSample.take(config.serverPid());
            population.start(config.ramp());
            long end = start + config.duration().toNanos();
            long firstSessionDeadline = start + config.ramp().plus(FIRST_SESSION_GRACE).toNanos();
            long nextSample = start + config.sampleInterval().toNanos();
            while (true) {
                long now = waitUntil(Math.min(nextSample, end));
                if (now - firstSessionDeadline >= 0 && counts.get(Count.SESSIONS) == 0) {
                    population.close(CLOSE_TIMEOUT);
                    throw new SetupException("no client completed a WebSocket handshake with " + config.url()
                            + " within " + config.ramp().plus(FIRST_SESSION_GRACE).toSeconds() + " s ("
                            + counts.get(Count.CONNECT_FAILURES) + " connect failures)", null);
                }
                if (now - nextSample >= 0 || now - end >= 0) {
                    samples.add(sampler.take((now - start) / 1e9, population.inRoom()));
                    progress.say(status(samples.getLast(), counts, config));
                    nextSample += config.sampleInterval().toNanos();
                }
                if (now - end >= 0) {
                    break;
                }
            }
            CpuSample cpuEnd = CpuSample.take(config.serverPid());
            double runSeconds = (System.nanoTime() - start) / 1e9;

            progress.say("run over: nothing new is sent; every client resends what it has not seen back");
            long drainStart = System.nanoTime();
            population.finish();
            progress.show(() -> population.unsettled() + " clients still waiting for lines of theirs to come back");
            boolean settled = until(() -> population.unsettled() == 0, config.drainTimeout());
            progress.show(null);
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            SentLines lines = population.lines();
            population.close(CLOSE_TIMEOUT);
            return new SoakReport(config, run, runSeconds, drainSeconds, settled, counts.toMap(), counts.errorCodes(),
                    counts.closeCodes(), lines, new MemorySeries(samples, config.duration().toMillis() / 1e3),
                    cpuStart.until(cpuEnd), sampler.notes(samples));
        }
    }

    /** One progress line: the memory reading and the counters that show the churn and the checks. */
    private static String status(MemorySample s, SoakCounts c, SoakConfig config) {
        return String.format("%d:%02d %s | online %,d/%,d, sent %,d, delivered %,d, sessions %,d, pauses %,d, "
                        + "lagged %,d, server closes %,d, rate_limited %,d | gaps %,d, duplicates %,d, reorders %,d",
                (long) s.seconds() / 60, (long) s.seconds() % 60, s.describe(), s.online(), config.clients(),
                c.get(Count.SENT), c.get(Count.DELIVERED), c.get(Count.SESSIONS), c.get(Count.PAUSES),
                c.get(Count.LAGGED_NOTICES), c.get(Count.SERVER_CLOSES), c.get(Count.RATE_LIMITED),
                c.get(Count.GAPS), c.get(Count.DUPLICATES), c.get(Count.REORDERS));
    }

    /** Parks until {@code deadline} (a {@code System.nanoTime()}); returns the time then. */
    private static long waitUntil(long deadline) {
        long now;
        while ((now = System.nanoTime()) - deadline < 0) {
            LockSupport.parkNanos(deadline - now);
            if (Thread.currentThread().isInterrupted()) {
                return System.nanoTime();
            }
        }
        return now;
    }

    /** True when {@code done} became true within {@code timeout}, checked every 200 ms. */
    private static boolean until(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                return false;
            }
            waitUntil(Math.min(deadline, System.nanoTime() + WAIT_STEP_NANOS));
        }
        return true;
    }
}
