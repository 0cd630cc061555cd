package mychat.bench.scenario;

/**
 * Decides which rate to try next when searching for the highest rate that holds: multiply by {@code factor} from
 * {@code start} while steps pass (down instead, if the very first fails), then bisect geometrically between the
 * best pass and the lowest failure until they are within {@code precision} of each other or {@code refineSteps}
 * bisections were made. A rate fails only when it fails twice in a row: on a shared 2-core machine one two-second
 * step can miss the latency limit on a single scheduling hiccup, and letting that end the ramp made the maximum
 * vary fivefold between repetitions. A server that is really over its capacity fails the retry as well, so the
 * retry costs one step and moves nothing but the noise. Pure logic; one thread.
 */
public final class RateSearch {
    private final double factor;
    private final double maxRate;
    private final int refineSteps;
    private final double precision;
    private final double minRate;

    private double next;
    private double best;
    private double lowestFail = Double.POSITIVE_INFINITY;
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
        } else {
            lowestFail = Math.min(lowestFail, rate);
        }
        if (lowestFail == Double.POSITIVE_INFINITY) { // still ramping up
            if (rate >= maxRate) {
                done = true;
            } else {
                next = Math.min(rate * factor, maxRate);
            }
            return;
        }
        if (best == 0) { // nothing has passed yet: ramp down
            next = rate / factor;
            done = next < minRate;
            return;
        }
        if (lowestFail / best <= 1 + precision || refined >= refineSteps) {
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
