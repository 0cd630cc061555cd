/**
 * my-chat's benchmark tool. {@link mychat.bench.Main} is the entry point of {@code my-chat-bench.jar}: it picks a
 * subcommand ({@code fanout}, {@code connect}, {@code soak}, {@code startup}, {@code report}, {@code floor-server}),
 * runs it, prints progress and a human summary to stderr and exactly one JSON line to stdout.
 *
 * <p>Subpackages, with dependencies running one way: {@code cli -> soak -> scenario -> net}, and everything may
 * use {@code report}; {@code floor} stands alone.
 * <ul>
 *   <li>{@code cli}: command-line parsing into scenario configs, usage text.</li>
 *   <li>{@code scenario}: what is measured (fanout at a rate or searching the maximum, connection storms, start-up
 *       time); runs on the main thread and waits on the client event loops.</li>
 *   <li>{@code soak}: the churn soak, clients that come and go for a long time, checking every message they get,
 *       while the server's memory is read; its own client state machine on the {@code net} loops.</li>
 *   <li>{@code net}: the WebSocket clients (Netty, native epoll), cheap frame scanning, per-loop tallies.</li>
 *   <li>{@code floor}: a baseline server that does the least a fan-out server can, to compare servers with.</li>
 *   <li>{@code report}: /proc readings, latency summaries, JSON lines, the comparison table.</li>
 *   <li>{@code jmh}: JMH microbenchmarks of the codec and of one room's broadcast; packaged separately in
 *       {@code my-chat-jmh.jar}, and the only package that uses the {@code server} module.</li>
 * </ul>
 */
package mychat.bench;
