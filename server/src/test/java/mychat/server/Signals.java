package mychat.server;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** POSIX signals to processes the tests started (the JDK can only send TERM and KILL). */
final class Signals {
    private Signals() {}

    /** Sends {@code SIG<name>} to {@code pid} and waits for the kill command to finish. */
    static void send(long pid, String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code pid} is stopped (state {@code T} in /proc): a SIGSTOP has taken effect. */
    static void awaitStopped(long pid) {
        java.nio.file.Path stat = java.nio.file.Path.of("/proc", Long.toString(pid), "stat");
        org.awaitility.Awaitility.await("process " + pid + " stopped").atMost(java.time.Duration.ofSeconds(5))
                .pollInterval(java.time.Duration.ofMillis(1)).until(() -> {
                    String line = java.nio.file.Files.readString(stat);
                    // pid (comm) state ...: comm may hold spaces and parentheses, so read after the last ')'
                    return line.substring(line.lastIndexOf(')') + 2).startsWith("T");
                });
    }
}
