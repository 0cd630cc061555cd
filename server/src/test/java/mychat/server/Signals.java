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
}
