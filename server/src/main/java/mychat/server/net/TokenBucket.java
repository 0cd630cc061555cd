package mychat.server.net;

/**
 * A token bucket: {@code burst} requests at once, refilled at {@code perSecond}. Single-threaded (one connection's
 * event loop). A rate of 0 means no limit.
 */
final class TokenBucket {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    TokenBucket(double perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes one token: 0 when granted, otherwise how many milliseconds until one would be there (at least 1). */
    long take(long nowNanos) {
        if (perNano == 0) {
            return 0;
        }
        tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * perNano);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e6));
    }
}
