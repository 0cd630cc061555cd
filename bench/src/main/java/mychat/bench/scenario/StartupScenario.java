package mychat.bench.scenario;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Start-up time: from launching a server process to the first TCP connection it accepts, probing every 0.2 ms.
 * Afterwards the server is asked to stop (SIGTERM) and, if it has not exited within 10 s, killed.
 */
public final class StartupScenario {
    private static final long PROBE_NANOS = 200_000;

    private StartupScenario() {}

    public static StartupReport run(StartupConfig config, Progress progress) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(config.command()).redirectErrorStream(true);
        pb.redirectOutput(config.log() == null ? ProcessBuilder.Redirect.DISCARD
                : ProcessBuilder.Redirect.appendTo(config.log().toFile()));
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        long start = System.nanoTime();
        Process server = pb.start();
        long deadline = start + config.timeout().toNanos();
        long upNanos = -1;
        int probes = 0;
        try {
            while (System.nanoTime() < deadline && server.isAlive()) {
                probes++;
                try (Socket s = new Socket()) {
                    s.connect(address, 1000);
                    upNanos = System.nanoTime() - start;
                    break;
                } catch (IOException refused) {
                    LockSupport.parkNanos(PROBE_NANOS);
                }
            }
        } finally {
            server.destroy(); // SIGTERM: a graceful stop
        }
        long stopStart = System.nanoTime();
        boolean exited;
        try {
            exited = server.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        }
        if (!exited) {
            server.destroyForcibly();
        }
        long stopNanos = System.nanoTime() - stopStart;
        progress.say(upNanos < 0 ? "server did not accept a connection"
                : String.format("server accepted a connection after %.1f ms", upNanos / 1e6));
        return new StartupReport(config, server.pid(), upNanos, probes, exited ? stopNanos : -1,
                exited ? server.exitValue() : null);
    }
}
