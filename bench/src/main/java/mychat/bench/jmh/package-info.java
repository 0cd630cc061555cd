/**
 * JMH microbenchmarks, packaged as {@code bench/target/my-chat-jmh.jar}:
 * {@link mychat.bench.jmh.CodecBench} (decoding a {@code SendMsg}, encoding a {@code Message} frame) and
 * {@link mychat.bench.jmh.RoomBroadcastBench} (one message through a real {@code Room} to 1,000 members on
 * {@code EmbeddedChannel}s), {@link mychat.bench.jmh.TracingBench} (what tracing adds to a message, off and
 * sampled). Run with {@code java -jar bench/target/my-chat-jmh.jar} (all) or with a name filter.
 *
 * <p>JMH owns the threads. This is the only package of the bench that uses the {@code server} module.
 */
package mychat.bench.jmh;
