/**
 * The load generator's WebSocket clients: {@link mychat.bench.net.ClientLoops} (event loops over native epoll and
 * connection set-up, optionally bound to several loopback source addresses), {@link mychat.bench.net.BenchConnection}
 * (one connection and its inbound handler), {@link mychat.bench.net.FrameScan} (classifies server frames and finds
 * the embedded send time by looking at bytes, without parsing JSON), {@link mychat.bench.net.SendMsgFrame} (builds
 * the timestamped {@code SendMsg}) and {@link mychat.bench.net.Tally} (counters and latency of one event loop).
 *
 * <p>Threading: a connection and its loop's tally are touched only by that loop, except for the few methods marked
 * "any thread". Because the generator usually runs on one core with one loop, per-frame work is kept to a few byte
 * comparisons and one histogram update.
 *
 * <p>Uses: Netty, HdrHistogram. Must not use {@code scenario} or {@code cli}.
 */
package mychat.bench.net;
