package mychat.bench.net;

import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * All loops' {@link Tally}s, the step currently being measured, and the rare events (error codes, close codes)
 * kept by name. The orchestrating thread reads sums from here while the loops keep writing.
 */
public final class Tallies {
    private final ConcurrentHashMap<EventLoop, Tally> byLoop = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> errorCodes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, LongAdder> closeCodes = new ConcurrentHashMap<>();
    /** Marker step whose messages are measured; -1: none. */
    private volatile int measuredStep = -1;

    Tally forLoop(EventLoop loop) {
        return byLoop.computeIfAbsent(loop, l -> new Tally(this));
    }

    int measuredStep() {
        return measuredStep;
    }

    /** From now on, messages carrying {@code step} are counted and timed; any thread. */
    public void measure(int step) {
        measuredStep = step;
    }

    /** Sums over all loops; any thread, a moment's view. */
    public Counts counts() {
        Counts sum = Counts.ZERO;
        for (Tally t : byLoop.values()) {
            sum = sum.plus(t.counts());
        }
        return sum;
    }

    /** Adds every latency recorded since the last call (microseconds) into {@code into}. One reader at a time. */
    public synchronized void drainLatency(Histogram into) {
        for (Tally t : byLoop.values()) {
            t.drainLatency(into);
        }
    }

    /** A histogram shaped like the recorders' (microseconds). */
    public static Histogram newLatencyHistogram() {
        return new Histogram(1, Tally.MAX_MICROS, 3);
    }

    void countError(String code) {
        errorCodes.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    void countClose(int status) {
        closeCodes.computeIfAbsent(status, c -> new LongAdder()).increment();
    }

    /** Error events by code, sorted. */
    public Map<String, Long> errorCodes() {
        Map<String, Long> out = new TreeMap<>();
        errorCodes.forEach((code, n) -> out.put(code, n.sum()));
        return out;
    }

    /** Close frames from the server by status code, sorted. */
    public Map<String, Long> closeCodes() {
        Map<String, Long> out = new TreeMap<>();
        closeCodes.forEach((code, n) -> out.put(String.valueOf(code), n.sum()));
        return out;
    }
}
