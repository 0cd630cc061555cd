package mychat.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process's output (start it with {@code redirectErrorStream(true)}), read line by line on a virtual thread:
 * waited on by pattern, and kept whole for failure messages. Shared with other modules' tests through the test jar.
 */
public final class ProcessOutput {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    public ProcessOutput(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    /** The first line from now on that matches, as its matcher; null if the process ends or time runs out first. */
    public synchronized Matcher await(Pattern pattern, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(Math.min(100_000_000L, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line != null) {
                seen.add(line);
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            } else if (!process.isAlive() && lines.isEmpty()) {
                return null;
            }
        }
        return null;
    }

    /** Everything the process printed so far. */
    public synchronized String text() {
        lines.drainTo(seen);
        return String.join("\n", seen);
    }
}
