package mychat.client.state;

import java.time.Duration;

/** Reconnect delays: 1 s, doubling per failed attempt, capped at 30 s. */
public final class Backoff {
    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(30);

    private Backoff() {}

    /** The delay before attempt number {@code attempt} (1 for the first retry). */
    public static Duration delay(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 16);
        Duration d = FIRST.multipliedBy(1L << doublings);
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
