package mychat.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap a JVM still uses right after a full collection, asked through {@code jcmd}: {@code GC.run}, then
 * {@code GC.heap_info}. That is its live data, the figure that shows a leak without the noise of garbage waiting
 * for the next collection; the price is a full collection in the measured process at every reading.
 */
public final class HeapAfterGc {
    /** A generation's or the whole heap's line: "tenured generation   total 33360K, used 20001K [...". */
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private HeapAfterGc() {}

    /**
     * The {@code jcmd} of the JDK the process runs on (the attach protocol is best matched), else the one on the
     * PATH; null when there is none.
     */
    public static Path findJcmd(long pid) {
        try {
            Path java = Path.of("/proc/" + pid + "/exe").toRealPath();
            Path beside = java.resolveSibling("jcmd");
            if (Files.isExecutable(beside)) {
                return beside;
            }
        } catch (IOException | RuntimeException e) {
            // fall back to PATH
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "jcmd"))) {
                return Path.of(dir, "jcmd");
            }
        }
        return null;
    }

    /** Bytes of heap in use after a full collection of {@code pid}; -1 when jcmd failed or was not understood. */
    public static long measure(Path jcmd, long pid, Duration timeout) {
        String gc = run(List.of(jcmd.toString(), Long.toString(pid), "GC.run"), timeout);
        if (gc == null) {
            return -1;
        }
        String info = run(List.of(jcmd.toString(), Long.toString(pid), "GC.heap_info"), timeout);
        return info == null ? -1 : parseUsedBytes(info);
    }

    /**
     * The used figures of {@code GC.heap_info}'s generation or heap lines, summed (serial and parallel collectors
     * print one line per generation, G1 one for the heap); -1 when there are none (ZGC prints another layout).
     */
    static long parseUsedBytes(String heapInfo) {
        long usedKiB = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            Matcher m = USED.matcher(line);
            if (m.find()) {
                usedKiB += Long.parseLong(m.group(1));
                found = true;
            }
        }
        return found ? usedKiB * 1024 : -1;
    }

    /** The command's output, or null when it failed or took longer than {@code timeout} (then it is killed). */
    private static String run(List<String> command, Duration timeout) {
        Path out = null;
        try {
            // To a file, not a pipe: reading a pipe would wait for a hung jcmd without a timeout.
            out = Files.createTempFile("soak-jcmd", ".txt");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? Files.readString(out) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }
}
