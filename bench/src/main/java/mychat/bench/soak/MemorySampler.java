package mychat.bench.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mychat.bench.report.HeapAfterGc;
import mychat.bench.report.MetricsScrape;
import mychat.bench.report.ProcStats;

/**
 * Takes {@link MemorySample}s: the server's {@code /proc/PID/status} when its pid is known, its {@code /metrics}
 * when its admin address is, and its heap after a forced collection when asked. A reading that fails is left at -1
 * and noted once, so that a server restarting or an admin port switched off does not end a long run. Runs on the
 * orchestrating thread.
 */
final class MemorySampler {
    private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(20);

    private final Long pid;
    private final URI metrics;
    private final HttpClient http;
    private final Path jcmd;
    private final List<String> notes = new ArrayList<>();

    MemorySampler(SoakConfig config) {
        this.pid = config.serverPid();
        this.metrics = config.admin() == null ? null : config.admin().resolve("/metrics");
        this.http = metrics == null ? null : HttpClient.newBuilder().connectTimeout(SCRAPE_TIMEOUT).build();
        Path found = config.heapAfterGc() && pid != null ? HeapAfterGc.findJcmd(pid) : null;
        if (config.heapAfterGc() && found == null) {
            note(pid == null ? "--heap-after-gc needs --server-pid" : "no jcmd found: no heap after GC");
        }
        this.jcmd = found;
    }

    /** What went wrong along the way, each once; {@code samples} are checked for figures that never moved. */
    List<String> notes(List<MemorySample> samples) {
        List<String> all = new ArrayList<>(notes);
        if (samples.stream().allMatch(s -> s.nettyDirect() == 0)) {
            all.add("netty_allocator_used_direct_memory_bytes was 0 at every sample: the gauge may watch an "
                    + "allocator the server does not use (Netty 4.2 allocates with its adaptive allocator by default)");
        }
        return all;
    }

    MemorySample take(double seconds, int online) {
        long rss = -1;
        long peak = -1;
        if (pid != null) {
            rss = ProcStats.rssBytes(pid);
            peak = ProcStats.peakRssBytes(pid);
            if (rss < 0) {
                note("could not read /proc/" + pid + "/status");
            }
        }
        MetricsScrape scrape = scrape();
        long heapAfterGc = jcmd == null ? -1 : HeapAfterGc.measure(jcmd, pid, JCMD_TIMEOUT);
        if (jcmd != null && heapAfterGc < 0) {
            note(jcmd + " GC.run / GC.heap_info failed or printed a layout not understood");
        }
        Runtime self = Runtime.getRuntime();
        return new MemorySample(seconds, rss, peak,
                figure(scrape, "jvm_memory_used_bytes", "area", "heap"),
                figure(scrape, "jvm_memory_used_bytes", "area", "nonheap"),
                figure(scrape, "netty_allocator_used_direct_memory_bytes"),
                figure(scrape, "jvm_buffer_memory_used_bytes", "id", "direct"),
                heapAfterGc,
                figure(scrape, "chat_sessions"),
                figure(scrape, "chat_messages_dropped_total"),
                figure(scrape, "chat_slow_consumer_disconnects_total"),
                ProcStats.rssBytes(ProcessHandle.current().pid()), self.totalMemory() - self.freeMemory(), online);
    }

    private MetricsScrape scrape() {
        if (metrics == null) {
            return null;
        }
        try {
            return MetricsScrape.fetch(http, metrics, SCRAPE_TIMEOUT);
        } catch (IOException e) {
            note("could not scrape " + metrics + ": " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** A sum from the scrape, rounded to whole units; -1 when there was no scrape or no such metric. */
    private static long figure(MetricsScrape scrape, String name, String... labels) {
        if (scrape == null) {
            return -1;
        }
        double v = scrape.sum(name, labels);
        return Double.isNaN(v) ? -1 : Math.round(v);
    }

    private void note(String problem) {
        if (!notes.contains(problem)) {
            notes.add(problem);
        }
    }
}
