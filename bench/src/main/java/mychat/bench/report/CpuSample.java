package mychat.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * CPU time of the server, of the generator itself and of every core at one instant, to be subtracted from a later
 * sample. The cores tell how busy the machine was with anything else (other people's builds on a shared machine).
 *
 * @param serverCpuNanos all the server's processes together ({@link ServerPids}: nodes and Redis); -1 when none
 *                       was given or one could not be read
 * @param redisCpuNanos  the Redis process alone (also in {@code serverCpuNanos}); -1 when none was given or unreadable
 * @param coreTicks      per core: busy and total ticks (see {@link ProcStats#coreTicks()})
 */
public record CpuSample(long wallNanos, long serverCpuNanos, long redisCpuNanos, long selfCpuNanos,
                        long[][] coreTicks) {

    /** Samples now; {@code serverPid} may be null. */
    public static CpuSample take(Long serverPid) {
        return take(ServerPids.of(serverPid));
    }

    /** Samples now. */
    public static CpuSample take(ServerPids pids) {
        long server = pids.all().isEmpty() ? -1 : 0;
        for (long pid : pids.all()) {
            long cpu = ProcStats.cpuNanos(pid);
            server = server < 0 || cpu < 0 ? -1 : server + cpu;
        }
        long redis = pids.redis() == null ? -1 : ProcStats.cpuNanos(pids.redis());
        return new CpuSample(System.nanoTime(), server, redis, ProcStats.selfCpuNanos(), ProcStats.coreTicks());
    }

    /** What was used between {@code this} and the later {@code end}. */
    public CpuUse until(CpuSample end) {
        long server = serverCpuNanos < 0 || end.serverCpuNanos < 0 ? -1 : end.serverCpuNanos - serverCpuNanos;
        long redis = redisCpuNanos < 0 || end.redisCpuNanos < 0 ? -1 : end.redisCpuNanos - redisCpuNanos;
        long self = selfCpuNanos < 0 || end.selfCpuNanos < 0 ? -1 : end.selfCpuNanos - selfCpuNanos;
        List<Double> cores = new ArrayList<>();
        long busyNanos = 0;
        if (coreTicks.length == end.coreTicks.length) {
            for (int i = 0; i < coreTicks.length; i++) {
                long busy = end.coreTicks[i][0] - coreTicks[i][0];
                long total = end.coreTicks[i][1] - coreTicks[i][1];
                cores.add(total <= 0 ? 0 : 100.0 * busy / total);
                busyNanos += busy * ProcStats.nanosPerTick();
            }
        }
        return new CpuUse(end.wallNanos - wallNanos, server, redis, self, cores, cores.isEmpty() ? -1 : busyNanos);
    }

    /**
     * CPU used over a wall-clock window; -1 for what could not be read.
     *
     * @param serverCpuNanos  every server process together, Redis included
     * @param redisCpuNanos   Redis alone, or -1 when there is none
     * @param corePercent     how busy each core was, in percent, whoever used it
     * @param machineCpuNanos busy time of all cores together
     */
    public record CpuUse(long wallNanos, long serverCpuNanos, long redisCpuNanos, long selfCpuNanos,
                         List<Double> corePercent, long machineCpuNanos) {
        public double wallSeconds() {
            return wallNanos / 1e9;
        }

        /** Server CPU in percent of one core, or -1. */
        public double serverPercent() {
            return serverCpuNanos < 0 ? -1 : 100.0 * serverCpuNanos / wallNanos;
        }

        /** Redis CPU in percent of one core, or -1. */
        public double redisPercent() {
            return redisCpuNanos < 0 ? -1 : 100.0 * redisCpuNanos / wallNanos;
        }

        /** Generator CPU in percent of one core, or -1. */
        public double selfPercent() {
            return selfCpuNanos < 0 ? -1 : 100.0 * selfCpuNanos / wallNanos;
        }

        /**
         * Busy time of the machine not charged to the server or the generator, in percent of one core: other
         * processes, plus kernel work (softirq) charged to no process. Above ~10% the figures are disturbed.
         */
        public double otherPercent() {
            if (machineCpuNanos < 0 || serverCpuNanos < 0 || selfCpuNanos < 0) {
                return -1;
            }
            return Math.max(0, 100.0 * (machineCpuNanos - serverCpuNanos - selfCpuNanos) / wallNanos);
        }

        public List<Double> corePercentRounded() {
            return corePercent.stream().map(p -> Json.round(p, 1)).toList();
        }
    }
}
