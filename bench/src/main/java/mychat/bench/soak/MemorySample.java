package mychat.bench.soak;

/**
 * One reading of the server's memory (and the generator's own, to show that it stays bounded too). Every figure is
 * in bytes, -1 when it was not read: no server pid, no admin address, no jcmd, or the reading failed.
 *
 * @param seconds              from the start of the run
 * @param rss                  the server's resident set ({@code VmRSS})
 * @param peakRss              its highest resident set so far ({@code VmHWM})
 * @param heapUsed             {@code jvm_memory_used_bytes} of the heap's pools, summed
 * @param nonHeapUsed          the same for the non-heap pools (metaspace, code cache)
 * @param nettyDirect          direct memory held by Netty's pooled allocator
 * @param directBuffers        the JDK's direct buffers ({@code jvm_buffer_memory_used_bytes{id="direct"}})
 * @param heapAfterGc          heap in use right after a forced full collection
 * @param serverSessions       the server's open WebSocket sessions ({@code chat_sessions}); -1 if not scraped
 * @param serverDropped        messages the server dropped for members behind ({@code chat_messages_dropped})
 * @param serverSlowCloses     members it closed for staying behind ({@code chat_slow_consumer_disconnects})
 * @param online               clients in their room at the time
 */
record MemorySample(double seconds, long rss, long peakRss, long heapUsed, long nonHeapUsed, long nettyDirect,
                    long directBuffers, long heapAfterGc, long serverSessions, long serverDropped,
                    long serverSlowCloses, long generatorRss, long generatorHeapUsed, int online) {

    /** "rss 182.3 MiB (peak 190.1), heap 45.2, non-heap 60.1, netty direct 16.0 MiB" with what was read. */
    String describe() {
        if (rss < 0 && heapUsed < 0) {
            return "server memory not read";
        }
        StringBuilder b = new StringBuilder("server rss ").append(mib(rss));
        if (peakRss >= 0) {
            b.append(" (peak ").append(mib(peakRss)).append(')');
        }
        if (heapUsed >= 0) {
            b.append(", heap ").append(mib(heapUsed)).append(", non-heap ").append(mib(nonHeapUsed));
        }
        if (nettyDirect >= 0) {
            b.append(", netty direct ").append(mib(nettyDirect));
        }
        if (heapAfterGc >= 0) {
            b.append(", heap after GC ").append(mib(heapAfterGc));
        }
        return b.append(" MiB").toString();
    }

    static double toMib(long bytes) {
        return bytes < 0 ? -1 : bytes / 1048576.0;
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%.1f", toMib(bytes));
    }
}
