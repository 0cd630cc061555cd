package mychat.bench.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Status lines on stderr while a run goes on: {@link #say} prints at once, {@link #show} sets what a timer thread
 * prints every interval. The status supplier runs on the timer thread, so it must only read thread-safe state.
 */
public final class Progress implements AutoCloseable {
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer;
    private volatile Supplier<String> status;

    private Progress(PrintStream out, Duration every) {
        this.out = out;
        if (out == null) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static Progress to(PrintStream out, Duration every) {
        return new Progress(out, every);
    }

    public static Progress silent() {
        return new Progress(null, Duration.ZERO);
    }

    public void say(String line) {
        if (out != null) {
            out.printf("[%7.1fs] %s%n", (System.nanoTime() - startNanos) / 1e9, line);
        }
    }

    /** From now on, print {@code status.get()} every interval; null: print nothing. */
    public void show(Supplier<String> status) {
        this.status = status;
    }

    private void tick() {
        Supplier<String> s = status;
        if (s != null) {
            try {
                say(s.get());
            } catch (RuntimeException e) {
                say("(progress failed: " + e + ")");
            }
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
