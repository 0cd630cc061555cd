package mychat.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mychat.bench.net.BenchConnection;
import mychat.bench.net.ClientLoops;
import mychat.bench.net.Tallies;
import mychat.bench.report.CpuSample;
import mychat.bench.report.LatencySummary;
import mychat.bench.report.ProcStats;
import org.HdrHistogram.Histogram;

/**
 * The connection benchmark: open {@code connections} WebSocket clients (spread over the source addresses), each
 * joining a room of {@code roomSize}; time each from opening to its {@code Joined}; then hold them idle and read the
 * server's resident memory, before and after, to estimate memory per connection.
 *
 * <p>The connections are opened in two halves with a reading of the server's memory between them. Growth over the
 * whole run divided by the connections also counts what a server pays once, whatever it holds (the young generation
 * being touched for the first time, classes loaded and code compiled for the connection path, the first chunks of
 * the buffer pools); growth over the second half divided by its connections is what one more connection costs.
 * Both are reported.
 */
public final class ConnectScenario {
    private ConnectScenario() {}

    public static ConnectReport run(ConnectConfig config, Progress progress) throws SetupException {
        String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        long rssBefore = config.serverPid() == null ? -1 : ProcStats.rssBytes(config.serverPid());
        try (ClientLoops loops = new ClientLoops(config.url(), config.threads(), config.sourceAddresses())) {
            progress.say("opening " + config.connections() + " connections in rooms of " + config.roomSize());
            CpuSample start = CpuSample.take(config.serverPid());
            Connector connector = new Connector(loops, config.concurrency(), progress);
            Connector.Naming naming = new Connector.Naming(
                    i -> "c" + runId + "-" + i / config.roomSize(), i -> "u" + i % config.roomSize());
            Duration timeout = Duration.ofSeconds(120 + config.connections() / 200);
            // Whole rooms in each half, so that no room is filled across the reading in between.
            int firstHalf = config.connections() / 2 / config.roomSize() * config.roomSize();
            List<BenchConnection> all = new ArrayList<>(connector.openEachJoining(firstHalf, naming, timeout));
            long rssMiddle = config.serverPid() == null ? -1 : ProcStats.rssBytes(config.serverPid());
            all.addAll(connector.openEachJoining(config.connections() - firstHalf, naming.from(firstHalf), timeout));
            long rssJoined = config.serverPid() == null ? -1 : ProcStats.rssBytes(config.serverPid());
            CpuSample joined = CpuSample.take(config.serverPid());
            Histogram micros = Tallies.newLatencyHistogram();
            for (BenchConnection c : all) {
                micros.recordValue(Math.clamp(c.joinNanos() / 1000, 1, 600_000_000L));
            }
            progress.say(String.format("%d joined in %.2f s; holding them idle for %d s", all.size(),
                    start.until(joined).wallSeconds(), config.hold().toSeconds()));
            progress.show(() -> "holding " + all.size() + " connections; server RSS " + (config.serverPid() == null
                    ? "n/a" : ProcStats.rssBytes(config.serverPid()) / (1 << 20) + " MiB"));
            Waits.pause(config.hold());
            progress.show(null);
            CpuSample held = CpuSample.take(config.serverPid());
            long rssAfter = config.serverPid() == null ? -1 : ProcStats.rssBytes(config.serverPid());
            long selfRss = ProcStats.rssBytes(ProcessHandle.current().pid());
            int disconnects = (int) (loops.tallies().counts().disconnects() + loops.tallies().counts().serverCloses());
            progress.say("closing");
            for (BenchConnection c : all) {
                c.close();
            }
            for (BenchConnection c : all) {
                c.channel().closeFuture().awaitUninterruptibly();
            }
            return new ConnectReport(config, start.until(joined), joined.until(held), LatencySummary.of(micros),
                    new ConnectReport.Rss(rssBefore, rssMiddle, firstHalf, rssJoined, rssAfter), selfRss, disconnects);
        }
    }
}
