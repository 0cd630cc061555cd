package mychat.bench.soak;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import mychat.bench.net.SourceAddresses;

/**
 * Settings of a soak run: a population of {@code clients}, about {@code connected} of them online at any time, in
 * {@code rooms} rooms, churning for {@code duration}.
 *
 * @param sendIntervalMin  each online client sends its next line after a random time in this range
 * @param sessionMin       each session lasts a random time in this range (longer when a pause runs past its end)
 * @param pauseProbability the chance that a session contains one pause: a random moment at which the client stops
 *                         reading its socket, for a random time between {@code pauseMin} and {@code pauseMax}
 * @param abruptProbability the chance that a session ends without a WebSocket Close (half with FIN, half with a
 *                         TCP reset); otherwise it ends with Close 1000
 * @param textBytes        size of each line's text (its cid, padded); at least the cid
 * @param receiveBuffer    the clients' socket receive buffer in bytes; 0: the kernel's default (which, on loopback,
 *                         holds many seconds of a room's traffic, so a pause rarely makes the server drop anything)
 * @param serverPid        the server's process, for its resident memory; null: no memory figures
 * @param admin            the server's admin address, for {@code /metrics}; null: not scraped
 * @param heapAfterGc      force a full collection in the server ({@code jcmd GC.run}) at each sample and read the heap
 *                         left ({@code GC.heap_info})
 * @param drainTimeout     after the run, how long clients may take to see back every line they sent
 */
public record SoakConfig(URI url, int clients, int connected, int rooms, Duration duration,
                         Duration sendIntervalMin, Duration sendIntervalMax, Duration sessionMin, Duration sessionMax,
                         double pauseProbability, Duration pauseMin, Duration pauseMax, double abruptProbability,
                         int textBytes, int receiveBuffer, Long serverPid, URI admin, Duration sampleInterval,
                         boolean heapAfterGc, Duration drainTimeout, int threads, SourceAddresses sourceAddresses,
                         Map<String, String> tags) {

    /** Even with everybody meant to be online, a client waits this long before coming back. */
    static final long MIN_OFFLINE_MILLIS = 100;
    /** The first clients connect within this time, or a tenth of the run if that is shorter. */
    private static final Duration MAX_RAMP = Duration.ofSeconds(10);

    public SoakConfig {
        if (clients < 1 || connected < 1 || connected > clients || rooms < 1 || rooms > clients) {
            throw new IllegalArgumentException("need 1 <= connected <= clients and 1 <= rooms <= clients");
        }
        if (sendIntervalMin.compareTo(sendIntervalMax) > 0 || sessionMin.compareTo(sessionMax) > 0
                || pauseMin.compareTo(pauseMax) > 0) {
            throw new IllegalArgumentException("each minimum must be at most its maximum");
        }
        tags = Map.copyOf(tags);
    }

    /**
     * The defaults: the 15-minute churn test this soak replays. 1,500 clients, about 1,000 online, 50 rooms; a line
     * every 1-5 s each (well inside the server's default limit of 10/s, burst 20); sessions of 5-60 s; one session in
     * ten with a 5-30 s pause in reading; three in ten ended without a Close.
     */
    public static SoakConfig standard(URI url) {
        return new SoakConfig(url, 1500, 1000, 50, Duration.ofMinutes(15), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60), 0.1, Duration.ofSeconds(5),
                Duration.ofSeconds(30), 0.3, 100, 0, null, null, Duration.ofSeconds(10), false, Duration.ofSeconds(30),
                1, SourceAddresses.none(), Map.of());
    }

    /**
     * About ten seconds of fast churn: 60 clients (about 40 online) in 5 rooms, a line every 0.2-1 s, sessions of
     * 1-4 s, one in three with a 0.5-2 s pause, readings every second.
     */
    public static SoakConfig smoke(URI url) {
        return new SoakConfig(url, 60, 40, 5, Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(4), 0.3, Duration.ofMillis(500), Duration.ofSeconds(2), 0.3,
                100, 0, null, null, Duration.ofSeconds(1), false, Duration.ofSeconds(10), 1, SourceAddresses.none(),
                Map.of());
    }

    /** The same settings, reading the memory of the server {@code pid} (and its metrics at {@code admin}). */
    public SoakConfig watching(Long pid, URI admin) {
        return new SoakConfig(url, clients, connected, rooms, duration, sendIntervalMin, sendIntervalMax, sessionMin,
                sessionMax, pauseProbability, pauseMin, pauseMax, abruptProbability, textBytes, receiveBuffer, pid,
                admin, sampleInterval, heapAfterGc, drainTimeout, threads, sourceAddresses, tags);
    }

    /**
     * The mean time offline that keeps {@code connected} of {@code clients} online: a client is online for a
     * session's mean length, offline for this, and online/offline = connected/(clients - connected).
     */
    Duration offlineMean() {
        double sessionMeanMillis = (sessionMin.toMillis() + sessionMax.toMillis()) / 2.0;
        return Duration.ofMillis((long) (sessionMeanMillis * (clients - connected) / connected));
    }

    Duration ramp() {
        Duration tenth = duration.dividedBy(10);
        return tenth.compareTo(MAX_RAMP) < 0 ? tenth : MAX_RAMP;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url.toString());
        m.put("clients", clients);
        m.put("connected", connected);
        m.put("rooms", rooms);
        m.put("duration_s", seconds(duration));
        m.put("send_interval_s", new double[] {seconds(sendIntervalMin), seconds(sendIntervalMax)});
        m.put("session_s", new double[] {seconds(sessionMin), seconds(sessionMax)});
        m.put("offline_mean_s", seconds(offlineMean()));
        m.put("pause_probability", pauseProbability);
        m.put("pause_s", new double[] {seconds(pauseMin), seconds(pauseMax)});
        m.put("abrupt_probability", abruptProbability);
        m.put("text_bytes", textBytes);
        m.put("receive_buffer", receiveBuffer);
        m.put("server_pid", serverPid);
        m.put("admin", admin == null ? null : admin.toString());
        m.put("sample_interval_s", seconds(sampleInterval));
        m.put("heap_after_gc", heapAfterGc);
        m.put("drain_timeout_s", seconds(drainTimeout));
        m.put("threads", threads);
        m.put("source_addresses", sourceAddresses.describe());
        return m;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1e3;
    }
}
