package mychat.client.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A real terminal for end-to-end tests: a private tmux server (its own socket), one session per pane, keys sent
 * with {@code send-keys}, the screen read with {@code capture-pane}. Waiting polls the screen with a timeout; it
 * never sleeps for a fixed time.
 */
final class Tmux implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final String socket = "mychat-e2e-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    /** Starts a session running an interactive bash with a plain prompt, {@code cols} x {@code rows}. */
    Pane open(String name, int cols, int rows) {
        run("new-session", "-d", "-s", name, "-x", String.valueOf(cols), "-y", String.valueOf(rows),
                "env", "-i", "PATH=" + System.getenv("PATH"), "HOME=" + System.getProperty("java.io.tmpdir"),
                "TERM=screen-256color", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "PS1=$ ", "bash", "--norc", "--noprofile");
        run("set-option", "-t", name, "status", "off");
        Pane pane = new Pane(name);
        pane.awaitScreen(screen -> screen.contains("$"));
        return pane;
    }

    final class Pane {
        private final String name;

        private Pane(String name) {
            this.name = name;
        }

        /** Types {@code text} literally (no key names), without Enter. */
        void type(String text) {
            run("send-keys", "-t", name, "-l", text);
        }

        /** Types a line and presses Enter. */
        void typeLine(String text) {
            type(text);
            keys("Enter");
        }

        /** Presses named keys: Enter, Escape, PageUp, PageDown, Home, End, Up, Down, Tab, C-c, F2, BSpace … */
        void keys(String... keys) {
            List<String> args = new ArrayList<>(List.of("send-keys", "-t", name));
            args.addAll(List.of(keys));
            run(args.toArray(String[]::new));
        }

        String screen() {
            return run("capture-pane", "-p", "-t", name);
        }

        /** Waits until the screen satisfies {@code condition}; fails with the last screen otherwise. */
        String awaitScreen(Predicate<String> condition) {
            AtomicReference<String> last = new AtomicReference<>("");
            try {
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                    last.set(screen());
                    return condition.test(last.get());
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("screen never matched; last screen was:\n" + last.get(), e);
            }
            return last.get();
        }

        String awaitText(String text) {
            return awaitScreen(screen -> screen.contains(text));
        }

        /** Like {@link #awaitScreen(Predicate)}, for steps that take longer (builds). */
        String awaitScreen(Predicate<String> condition, Duration timeout) {
            AtomicReference<String> last = new AtomicReference<>("");
            try {
                await().atMost(timeout).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                    last.set(screen());
                    return condition.test(last.get());
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("screen never matched; last screen was:\n" + last.get(), e);
            }
            return last.get();
        }

        /** The pane's title, as the program in it set it (OSC 2). */
        String title() {
            return run("display-message", "-p", "-t", name, "#{pane_title}").strip();
        }

        /** Pastes {@code text} as a terminal would, bracketed when the program asked for it. */
        void paste(String text) {
            String buffer = "paste-" + name;
            try {
                java.nio.file.Path file = java.nio.file.Files.createTempFile("tmux-paste", ".txt");
                java.nio.file.Files.writeString(file, text);
                run("load-buffer", "-b", buffer, file.toString());
                run("paste-buffer", "-p", "-d", "-b", buffer, "-t", name);
                java.nio.file.Files.delete(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void resize(int cols, int rows) {
            run("resize-window", "-t", name, "-x", String.valueOf(cols), "-y", String.valueOf(rows));
        }
    }

    private String run(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-u", "-L", socket));
        command.addAll(List.of(args));
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
            // no server left: every session already ended
        }
    }
}
