package mychat.bench.scenario;

/**
 * Decides which rate to try next when searching for the highest rate that holds: multiply by {@code factor} from
 * {@code start} until two rates in a row fail (down instead, if the very first fails), then bisect geometrically
 * between the best pass and the lowest failure above it until they are within {@code precision} of each other or
 * {@code refineSteps} bisections were made.
 *
 * <p>Noise is expected and handled twice. A rate fails only when it fails twice in a row: on a shared 2-core
 * machine one two-second step can miss the latency limit on a single scheduling hiccup. And one failing rate does
 * not end the ramp: between the rate where the server's core fills and its real capacity, p99 stays near the limit
 * whatever the rate (a fuller core batches more per system call), so a step there can fail and a higher one pass;
 * stopping at the first failure made the maximum vary up to eightfold between repetitions. A server over its
 * capacity fails every higher rate as well, so going on costs two steps. Pure logic; one thread.
 */
public final class RateSearch {
    /** Failing ramp rates in a row (each confirmed by its retry) that end the ramp. */
    private static final int RAMP_FAILURES_TO_STOP = 2;

    private final double factor;
    private final double maxRate;
    private final int refineSteps;
    private final double precision;
    private final double minRate;

    private double next;
    private double best;
    /** Lowest failing rate above {@link #best}; a pass above a failure lifts the search past it. */
    private double lowestFail = Double.POSITIVE_INFINITY;
    private boolean ramping = true;
    private int rampFailuresInARow;
    private int refined;
    private boolean done;
    private double retrying = Double.NaN;

    /**
     * @param precision stop bisecting once {@code lowestFail / best <= 1 + precision}
     */
    public RateSearch(double start, double factor, double maxRate, int refineSteps, double precision) {
        if (start <= 0 || factor <= 1 || maxRate < start) {
            throw new IllegalArgumentException("need 0 < start <= max and factor > 1");
        }
        this.next = start;
        this.factor = factor;
        this.maxRate = maxRate;
        this.refineSteps = refineSteps;
        this.precision = precision;
        this.minRate = start / Math.pow(factor, 4);
    }

    /** The next rate to try, or NaN when the search is over. */
    public double next() {
        return done ? Double.NaN : next;
    }

    public void record(double rate, boolean passed) {
        if (!passed && rate != retrying) {
            retrying = rate;
            next = rate;
            return;
        }
        retrying = Double.NaN;
        if (passed) {
            best = Math.max(best, rate);
            if (lowestFail <= best) {
                lowestFail = Double.POSITIVE_INFINITY;
            }
        } else if (rate > best) {
            lowestFail = Math.min(lowestFail, rate);
        }
        if (ramping) {
            rampFailuresInARow = passed ? 0 : rampFailuresInARow + 1;
            boolean firstFailed = !passed && best == 0;
            if (!firstFailed && rampFailuresInARow < RAMP_FAILURES_TO_STOP && rate < maxRate) {
                next = Math.min(rate * factor, maxRate);
                return;
            }
            ramping = false;
        }
        if (best == 0) { // nothing has passed yet: ramp down
            next = rate / factor;
            done = next < minRate;
            return;
        }
        if (lowestFail == Double.POSITIVE_INFINITY // held up to the ceiling
                || lowestFail / best <= 1 + precision || refined >= refineSteps) {
            done = true;
            return;
        }
        refined++;
        next = Math.sqrt(best * lowestFail);
    }
    /** Highest rate that passed; 0 if none. */
    public double best() {
        return best;
    }

    /** Lowest rate that failed; infinity if none. */
    public double lowestFail() {
        return lowestFail;
    }
}
