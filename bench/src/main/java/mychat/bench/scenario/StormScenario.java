package mychat.bench.scenario;

import io.netty.buffer.Unpooled;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import mychat.bench.floor.FloorServer;
import mychat.bench.net.BenchConnection;
import mychat.bench.net.ClientLoops;
import mychat.bench.net.Counts;
import mychat.bench.net.Tallies;
import mychat.bench.report.CpuSample;
import mychat.bench.report.LatencySummary;
import mychat.protocol.ClientRequest;
import mychat.protocol.Codec;
import org.HdrHistogram.Histogram;

/**
 * A reconnect storm, as after a node died or restarted: {@code clients} new connections, each joining one of
 * {@code rooms} rooms with {@code since} right after its handshake, as fast as the generator opens them (at most
 * {@code concurrency} in flight). Each client's latency runs from the start of its TCP connect to its {@code Joined};
 * the rate is clients over the time from the first connect to the last {@code Joined}. Afterwards it waits for the
 * replays to arrive (so that a wrong replay shows as a count that does not match) and closes every client.
 *
 * <p>Before the storm, optionally: seeding (one client per room says {@code seed} lines, so that the ids resumed
 * from exist), and a warm-up of the generator's own connection path against an in-process {@link FloorServer}, so
 * that a cold server is not measured with a cold generator.
 */
public final class StormScenario {
    private static final Duration SEED_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(30);
    private static final int WARMUP_ROUND = 2_000;

    private StormScenario() {}

    public static StormReport run(StormConfig config, Progress progress) throws SetupException {
        String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        long seeded = config.seed() > 0 ? seed(config, runId, progress) : 0;
        if (config.seedOnly()) {
            return new StormReport(config, seeded, null, null, 0, 0, 0);
        }
        if (config.generatorWarmup() > 0) {
            warmGenerator(config, progress);
        }
        try (ClientLoops loops = new ClientLoops(config.url(), config.threads(), config.sourceAddresses())) {
            progress.say(String.format("storm: %d clients into %d rooms, resuming after ids %d-%d", config.clients(),
                    config.rooms(), Math.max(0, config.history() - config.maxMissed()), config.history()));
            Connector connector = new Connector(loops, config.concurrency(), progress);
            Connector.Naming naming = new Connector.Naming(i -> config.roomPrefix() + i % config.rooms(),
                    i -> "s" + runId + "-" + i, i -> 0, config::since);
            CpuSample start = CpuSample.take(config.serverPid());
            List<BenchConnection> all = connector.openEachJoining(config.clients(), naming, timeout(config));
            CpuSample joined = CpuSample.take(config.serverPid());
            Histogram micros = Tallies.newLatencyHistogram();
            int notRecovered = 0;
            for (BenchConnection c : all) {
                micros.recordValue(Math.clamp(c.joinNanos() / 1000, 1, 600_000_000L));
                if (config.history() > 0 && !c.recovered()) {
                    notRecovered++;
                }
            }
            long expected = config.expectedReplay();
            Waits.until(() -> loops.tallies().counts().unmeasured() >= expected, REPLAY_TIMEOUT);
            Counts counts = loops.tallies().counts();
            closeAll(all);
            return new StormReport(config, seeded, start.until(joined), LatencySummary.of(micros), notRecovered,
                    counts.unmeasured(), counts.errors() + counts.serverCloses() + counts.disconnects());
        }
    }

    /** One client per room joins and says {@code seed} lines; returns once all came back. */
    private static long seed(StormConfig config, String runId, Progress progress) throws SetupException {
        try (ClientLoops loops = new ClientLoops(config.url(), config.threads(), config.sourceAddresses())) {
            Connector connector = new Connector(loops, config.concurrency(), progress);
            List<BenchConnection> seeders = connector.openEachJoining(config.rooms(),
                    new Connector.Naming(i -> config.roomPrefix() + i, i -> "seed" + runId), SEED_TIMEOUT);
            AtomicLong echoed = new AtomicLong();
            for (BenchConnection c : seeders) {
                c.channel().eventLoop().execute(() -> {
                    c.onOwnMessage(echoed::incrementAndGet);
                    for (int k = 1; k <= config.seed(); k++) {
                        String text = "line " + k + " in " + c.room() + ", something said before the restart";
                        c.send(Unpooled.copiedBuffer(Codec.encodeToString(new ClientRequest.SendMsg(text)),
                                StandardCharsets.UTF_8));
                    }
                    c.flush();
                });
            }
            long total = (long) config.rooms() * config.seed();
            progress.show(() -> "seeding: " + echoed.get() + "/" + total + " messages stored");
            boolean done = Waits.until(() -> echoed.get() >= total, SEED_TIMEOUT);
            progress.show(null);
            closeAll(seeders);
            if (!done) {
                throw new SetupException("seeding timed out: " + echoed.get() + " of " + total
                        + " messages came back (are the server's rate limits off?)", null);
            }
            progress.say("seeded " + config.seed() + " messages into each of " + config.rooms() + " rooms");
            return total;
        }
    }

    /**
     * The storm's own connection path, run against an in-process baseline server until compiled: in rounds of at
     * most {@link #WARMUP_ROUND} clients, since both ends of every connection count against this process's
     * open-file limit.
     */
    private static void warmGenerator(StormConfig config, Progress progress) throws SetupException {
        try (FloorServer floor = FloorServer.start("127.0.0.1", 0);
             ClientLoops loops = new ClientLoops(URI.create("ws://127.0.0.1:" + floor.port() + "/"),
                     config.threads(), config.sourceAddresses())) {
            long start = System.nanoTime();
            for (int done = 0; done < config.generatorWarmup(); done += WARMUP_ROUND) {
                int round = Math.min(WARMUP_ROUND, config.generatorWarmup() - done);
                int offset = done;
                Connector connector = new Connector(loops, config.concurrency(), progress);
                closeAll(connector.openEachJoining(round, new Connector.Naming(i -> "warm-" + i % config.rooms(),
                        i -> "w" + (offset + i), i -> 0, config::since), timeout(config)));
            }
            progress.say(String.format("generator warm-up: %d joins against the in-process floor server in %.1f s",
                    config.generatorWarmup(), (System.nanoTime() - start) / 1e9));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException("interrupted during the generator's warm-up", e);
        }
    }

    private static Duration timeout(StormConfig config) {
        return Duration.ofSeconds(120 + config.clients() / 200);
    }

    private static void closeAll(List<BenchConnection> all) {
        for (BenchConnection c : all) {
            c.close();
        }
        for (BenchConnection c : all) {
            c.channel().closeFuture().awaitUninterruptibly();
        }
    }
}
