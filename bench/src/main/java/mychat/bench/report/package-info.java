/**
 * Measuring and writing down: {@link mychat.bench.report.ProcStats} (CPU time and resident memory of a process from
 * {@code /proc}), {@link mychat.bench.report.CpuSample} (both processes' CPU at one instant),
 * {@link mychat.bench.report.LatencySummary} (percentiles of an HdrHistogram), {@link mychat.bench.report.Json}
 * (the one JSON line a run prints) and {@link mychat.bench.report.Comparison} (medians, ranges and my-chat/Node
 * ratios over a results file).
 *
 * <p>Plain functions of their inputs, called from the orchestrating thread. Uses Jackson and HdrHistogram only.
 */
package mychat.bench.report;
