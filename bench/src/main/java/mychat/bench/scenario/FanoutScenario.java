package mychat.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import mychat.bench.net.ClientLoops;
import mychat.bench.net.SendMsgFrame;

/**
 * The fanout benchmark: {@code rooms x members} clients join, {@code senders} per room send at the target rate, every
 * receiver times each message from its embedded send time. Either one step at {@code rate}, one closed-loop step
 * ({@link ClosedLoop}), or a search for the highest rate that holds ({@link RateSearch}). {@code idleRooms} more
 * rooms of one silent member each exist meanwhile. Given several URLs (a cluster's nodes), each room's members are
 * spread over them ({@link Topology}). After a step that lost connections the rooms are rebuilt, so each step
 * measures complete rooms.
 */
public final class FanoutScenario {
    /**
     * A search warms up at this multiple of its start rate: high enough that the hot paths get compiled on both
     * sides, low enough (40,000 deliveries/s by default) for any server we compare.
     */
    private static final double WARMUP_RATE_FACTOR = 4;

    private FanoutScenario() {}

    public static FanoutReport run(FanoutConfig config, Progress progress) throws SetupException {
        String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        SendMsgFrame frame = new SendMsgFrame(config.textBytes());
        List<StepResult> steps = new ArrayList<>();
        try (ClientLoops loops = new ClientLoops(config.urls(), config.threads(), config.sourceAddresses());
             Topology idle = idleRooms(loops, "b" + runId + "idle", config, progress)) {
            int builds = 0;
            Topology topology = build(loops, config, "b" + runId + "r" + builds, progress);
            double setupSeconds = topology.setupSeconds();
            try {
                StepRunner runner = runner(loops, topology, config, frame, progress);
                if (config.closedLoop()) {
                    StepResult result = runner.runClosedLoop(1, config.window(), config.warmup(), config.duration(),
                            config.drainTimeout());
                    progress.say("step 1: " + result.describe(config.p99Criterion()));
                    steps.add(result);
                } else if (!config.findMax()) {
                    steps.add(step(runner, 1, config.rate(), config, progress));
                } else {
                    RateSearch search = new RateSearch(config.firstRate(), config.rampFactor(), config.maxRate(),
                            config.refineSteps(), 0.1);
                    if (!config.firstWarmup().isZero()) {
                        runner.warmUp(Math.min(config.firstRate() * WARMUP_RATE_FACTOR, config.maxRate()),
                                config.firstWarmup());
                    }
                    int step = 1;
                    for (double rate = search.next(); !Double.isNaN(rate); rate = search.next()) {
                        StepResult result = step(runner, step++, rate, config, progress);
                        steps.add(result);
                        search.record(rate, result.passes(config.p99LimitMs()));
                        if (result.counts().disconnects() + result.counts().serverCloses() > 0) {
                            progress.say("connections were lost; rebuilding the rooms");
                            topology.close();
                            topology = build(loops, config, "b" + runId + "r" + ++builds, progress);
                            runner = runner(loops, topology, config, frame, progress);
                        }
                    }
                }
            } finally {
                topology.close();
            }
            return new FanoutReport(config, setupSeconds, steps, loops.tallies().errorCodes(),
                    loops.tallies().closeCodes());
        }
    }

    private static Topology build(ClientLoops loops, FanoutConfig config, String prefix, Progress progress)
            throws SetupException {
        return Topology.build(loops, prefix, config.rooms(), config.members(), config.connectConcurrency(), progress);
    }

    /** The {@code --idle-rooms}: held open for the whole run, never rebuilt; null when there are none. */
    private static Topology idleRooms(ClientLoops loops, String prefix, FanoutConfig config, Progress progress)
            throws SetupException {
        return config.idleRooms() == 0 ? null
                : Topology.build(loops, prefix, config.idleRooms(), 1, config.connectConcurrency(), progress);
    }

    private static StepRunner runner(ClientLoops loops, Topology topology, FanoutConfig config, SendMsgFrame frame,
                                     Progress progress) {
        return new StepRunner(loops, topology, config.senders(), frame, config.serverPids(), progress);
    }

    private static StepResult step(StepRunner runner, int step, double rate, FanoutConfig config, Progress progress) {
        StepResult result = runner.run(step, rate, config.warmup(), config.duration(), config.drainTimeout());
        progress.say("step " + step + ": " + result.describe(config.p99Criterion()));
        return result;
    }
}
