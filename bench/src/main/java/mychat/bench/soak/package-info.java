/**
 * The churn soak: {@link mychat.bench.soak.SoakScenario} runs a population of clients that connect, chat, stop
 * reading, leave (gracefully or not) and come back resuming where they were, for as long as asked, while it reads
 * the server's memory ({@link mychat.bench.soak.MemorySampler}); {@link mychat.bench.soak.SoakReport} says whether
 * the memory levelled off and whether every check held.
 *
 * <p>One user is a {@link mychat.bench.soak.ChurnClient} (its sessions, timers and resends), each of its connections
 * a {@link mychat.bench.soak.ChurnSession} (the Netty handler), and {@link mychat.bench.soak.Inbox} handles what
 * arrives. The checks are pure state: {@link mychat.bench.soak.SequenceCheck} (ids of a room in order, holes only
 * where {@code lagged} announced them) and {@link mychat.bench.soak.OwnMessages} (each line once, under one id).
 *
 * <p>Threading: all clients of a room run on one event loop, which alone touches their state, so a receiver checks
 * a line against its sender's {@link mychat.bench.soak.OwnMessages} without locks. The orchestrating thread only
 * samples, waits and asks the loops for sums; {@link mychat.bench.soak.SoakCounts} is the one structure both write.
 *
 * <p>Uses: {@code net} (the loops and the WebSocket pipeline), {@code report} (/proc, metrics, plateau), and from
 * {@code scenario} only {@code Progress}, {@code RunReport} and {@code SetupException}. The protocol's
 * {@code Codec} decodes what the server sends, as the real client does.
 */
package mychat.bench.soak;
