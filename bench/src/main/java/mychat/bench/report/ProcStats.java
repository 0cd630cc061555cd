package mychat.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and resident memory of a process, read from Linux's {@code /proc}. A process that cannot be read (gone,
 * another OS) yields -1, and reports print "n/a" rather than failing a run.
 */
public final class ProcStats {
    private static final long CLOCK_TICKS_PER_SECOND = clockTicks();

    private ProcStats() {}

    /** User plus system CPU time of {@code pid} (all its threads) in nanoseconds, or -1. */
    public static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Field 2 (comm) may contain spaces; everything after its closing parenthesis is space-separated,
            // starting with field 3 (state). utime and stime are fields 14 and 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * TimeUnit.SECONDS.toNanos(1) / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    public static long selfCpuNanos() {
        return cpuNanos(ProcessHandle.current().pid());
    }

    /** Resident set size ({@code VmRSS}) of {@code pid} in bytes, or -1. */
    public static long rssBytes(long pid) {
        return statusBytes(pid, "VmRSS");
    }

    /** The highest resident set size {@code pid} has had ({@code VmHWM}) in bytes, or -1. */
    public static long peakRssBytes(long pid) {
        return statusBytes(pid, "VmHWM");
    }

    /** A {@code kB} figure of {@code /proc/PID/status} ({@code VmRSS}, {@code VmHWM}...) in bytes, or -1. */
    private static long statusBytes(long pid, String field) {
        String prefix = field + ":";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(prefix)) {
                    String kb = line.substring(prefix.length()).strip().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Busy and total clock ticks of each core ({@code cpu0}, {@code cpu1}, ...) from {@code /proc/stat}: busy is
     * user + nice + system + irq + softirq + steal, total adds idle and iowait. Empty if unreadable. Softirq time
     * matters here: on loopback much of the TCP work runs in softirq and is charged to no process.
     */
    public static long[][] coreTicks() {
        try {
            List<long[]> cores = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (!line.startsWith("cpu") || line.startsWith("cpu ")) {
                    continue;
                }
                String[] f = line.split("\\s+");
                long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
                        + Long.parseLong(f[6]) + Long.parseLong(f[7]) + Long.parseLong(f[8]);
                long total = busy + Long.parseLong(f[4]) + Long.parseLong(f[5]);
                cores.add(new long[] {busy, total});
            }
            return cores.toArray(long[][]::new);
        } catch (IOException | RuntimeException e) {
            return new long[0][];
        }
    }

    /** Nanoseconds per clock tick of {@code /proc} figures. */
    public static long nanosPerTick() {
        return TimeUnit.SECONDS.toNanos(1) / CLOCK_TICKS_PER_SECOND;
    }

    /** {@code sysconf(_SC_CLK_TCK)}, through getconf; 100 (what x86-64 Linux uses) if that fails. */
    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
