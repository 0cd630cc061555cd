/**
 * Measuring and writing down: {@link mychat.bench.report.ProcStats} (CPU time and resident memory of a process from
 * {@code /proc}), {@link mychat.bench.report.CpuSample} (both sides' CPU at one instant; the server's may be several processes,
 * {@link mychat.bench.report.ServerPids}),
 * {@link mychat.bench.report.MetricsScrape} (a server's Prometheus {@code /metrics}, summed over label sets),
 * {@link mychat.bench.report.HeapAfterGc} (a JVM's live heap through {@code jcmd}),
 * {@link mychat.bench.report.Plateau} (whether a memory series levelled off),
 * {@link mychat.bench.report.LatencySummary} (percentiles of an HdrHistogram), {@link mychat.bench.report.Json}
 * (the one JSON line a run prints) and {@link mychat.bench.report.Comparison} (medians, ranges and my-chat/Node
 * ratios over a results file).
 *
 * <p>Plain functions of their inputs (or of a process, an HTTP endpoint, a {@code jcmd} they are pointed at),
 * called from the orchestrating thread. Uses Jackson, HdrHistogram and the JDK's HTTP client only.
 */
package mychat.bench.report;
