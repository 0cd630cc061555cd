package mychat.packaging;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real terminals for the packaged client: a private tmux server (its own socket, so parallel test runs never meet),
 * one session per program, keys sent with {@code send-keys}, the screen read with {@code capture-pane}. Waiting
 * polls the screen with a timeout, never a fixed sleep.
 */
final class Terminal implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final String socket = "mychat-dist-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    /** Runs {@code command} (absolute paths; no shell) in a new 100x30 session that stays on screen after it ends. */
    void run(String session, List<String> command) {
        List<String> args = new ArrayList<>(List.of("new-session", "-d", "-s", session, "-x", "100", "-y", "30"));
        args.addAll(command);
        tmux(args);
        tmux(List.of("set-option", "-t", session, "remain-on-exit", "on"));
    }

    void typeLine(String session, String text) {
        tmux(List.of("send-keys", "-t", session, "-l", text));
        tmux(List.of("send-keys", "-t", session, "Enter"));
    }

    String screen(String session) {
        return tmux(List.of("capture-pane", "-p", "-t", session));
    }

    /** Waits until the session's screen shows {@code text}; fails with the last screen otherwise. */
    String awaitText(String session, String text) {
        AtomicReference<String> last = new AtomicReference<>("");
        try {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                last.set(screen(session));
                return last.get().contains(text);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("'" + text + "' never appeared; the screen was:\n" + last.get(), e);
        }
        return last.get();
    }

    private String tmux(List<String> args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-u", "-L", socket));
        command.addAll(args);
        return exec(command);
    }

    private static String exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run tmux (is it installed? .ci/run installs it): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            exec(List.of("tmux", "-L", socket, "kill-server"));
        } catch (IllegalStateException ignored) {
            // no server left
        }
    }
}
