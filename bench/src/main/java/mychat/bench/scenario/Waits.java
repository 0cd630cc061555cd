package mychat.bench.scenario;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Bounded waiting for a condition on counters that the event loops update. Checking every few milliseconds keeps
 * the loops free of signalling work per frame; the orchestrating thread costs next to nothing meanwhile.
 */
final class Waits {
    private static final long CHECK_NANOS = 5_000_000;

    private Waits() {}

    /** True when {@code done} became true within {@code timeout}. */
    static boolean until(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(CHECK_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return done.getAsBoolean();
            }
        }
        return true;
    }

    /** Waits out {@code duration} (for holding idle connections). */
    static void pause(Duration duration) {
        until(() -> false, duration);
    }
}
