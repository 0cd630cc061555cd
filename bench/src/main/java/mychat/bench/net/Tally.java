package mychat.bench.net;

import io.netty.buffer.ByteBuf;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The counters and the latency recorder of one event loop. Written only by that loop (so no atomics on the hot
 * path); read by the orchestrating thread through {@link Tallies}.
 */
public final class Tally {
    /** Latencies are recorded in microseconds, up to ten minutes, to three significant digits. */
    static final long MAX_MICROS = 600_000_000L;

    private final Tallies owner;
    private final SingleWriterRecorder latencyMicros = new SingleWriterRecorder(1, MAX_MICROS, 3);
    private final SingleWriterRecorder ignoredMicros = new SingleWriterRecorder(1, MAX_MICROS, 3);
    private final Counter measured = new Counter();
    private final Counter unmeasured = new Counter();
    private final Counter events = new Counter();
    private final Counter laggedNotices = new Counter();
    private final Counter laggedDropped = new Counter();
    private final Counter errors = new Counter();
    private final Counter serverCloses = new Counter();
    private final Counter disconnects = new Counter();

    Tally(Tallies owner) {
        this.owner = owner;
    }

    /**
     * A {@code Message} frame arrived; {@code nowNanos} is when. Marked messages of other steps (warm-up) take the
     * same path into a recorder nobody reads: the compiled code must not change the moment measuring starts, or the
     * generator's own recompilation shows up in the first measured second.
     */
    void onMessage(ByteBuf json, long nowNanos) {
        int marker = FrameScan.markerAt(json);
        if (marker == FrameScan.NO_MARKER) {
            unmeasured.increment();
            return;
        }
        boolean measuredNow = FrameScan.step(json, marker) == owner.measuredStep();
        long micros = (nowNanos - FrameScan.sendNanos(json, marker)) / 1_000;
        (measuredNow ? latencyMicros : ignoredMicros).recordValue(Math.clamp(micros, 1, MAX_MICROS));
        (measuredNow ? measured : unmeasured).increment();
    }

    void onEvent() {
        events.increment();
    }

    void onLagged(long dropped) {
        laggedNotices.increment();
        laggedDropped.add(dropped);
    }

    void onError(String code) {
        errors.increment();
        owner.countError(code);
    }

    void onServerClose(int status) {
        serverCloses.increment();
        owner.countClose(status);
    }

    void onDisconnect() {
        disconnects.increment();
    }

    Counts counts() {
        return new Counts(measured.get(), unmeasured.get(), events.get(), laggedNotices.get(), laggedDropped.get(),
                errors.get(), serverCloses.get(), disconnects.get());
    }

    /** Moves what was recorded since the last call into {@code into}. Reader side: one thread at a time. */
    void drainLatency(Histogram into) {
        into.add(latencyMicros.getIntervalHistogram());
    }
}
