package mychat.bench.scenario;

import mychat.bench.net.Tallies;
import mychat.bench.report.Json;
import org.HdrHistogram.Histogram;

/**
 * The latency histogram of one step, fed from the loops' recorders. The progress thread asks for the last
 * interval's p99 while the main thread finally asks for the total, so both are synchronized.
 */
final class StepLatency {
    private final Tallies tallies;
    private final Histogram total = Tallies.newLatencyHistogram();

    StepLatency(Tallies tallies) {
        this.tallies = tallies;
    }

    /** p99 in ms of what arrived since the previous call. */
    synchronized double intervalP99() {
        Histogram interval = Tallies.newLatencyHistogram();
        tallies.drainLatency(interval);
        total.add(interval);
        return Json.round(interval.getValueAtPercentile(99) / 1000.0, 2);
    }

    synchronized Histogram total() {
        tallies.drainLatency(total);
        return total.copy();
    }
}
