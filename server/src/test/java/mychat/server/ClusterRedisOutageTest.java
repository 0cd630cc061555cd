package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis gone for 5 s (frozen with SIGSTOP, or shut down) while members on two nodes keep sending: every send is
 * answered within about a second, {@code unavailable} while Redis is gone; {@code /readyz} says not ready;
 * clients stay connected; afterwards both nodes serve again and catch up, nothing acknowledged is lost, nothing
 * answered {@code unavailable} is ever stored or delivered, and the outage, longer than the node timeout, does
 * not make the nodes remove each other's members.
 */
class ClusterRedisOutageTest {
    private static final Duration OUTAGE = Duration.ofSeconds(5);
    /** The node's command timeout (1.5 s, README) and a margin for scheduling on two cores shared by four processes. */
    private static final Duration ANSWER_WITHIN = Duration.ofMillis(2000);
    private static final Duration SEND_PERIOD = Duration.ofMillis(20);

    /** One send and how it was answered. */
    record Outcome(String text, long sentNanos, long answeredNanos, boolean stored) {
        Duration latency() {
            return Duration.ofNanos(answeredNanos - sentNanos);
        }
    }

    /** A member that sends one message at a time with a cid and records everything it receives. */
    static final class Sender {
        final String nick;
        final TestClient client;
        final List<Outcome> outcomes = new ArrayList<>();
        final List<ServerEvent> received = new ArrayList<>();
        private int count;

        Sender(String nick, TestClient client) {
            this.nick = nick;
            this.client = client;
        }

        /** Sends the next message and reads until its answer; only one thread at a time calls it. */
        synchronized void sendOne() {
            String text = nick + " " + (++count);
            long sent = System.nanoTime();
            boolean stored = attempt(text, nick + "-" + count);
            outcomes.add(new Outcome(text, sent, System.nanoTime(), stored));
        }

        /** Sends with one cid until it is stored (a resend after {@code unavailable} is harmless). */
        synchronized void sendUntilStored(String text, String cid) {
            await(nick + "'s " + text).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> attempt(text, cid));
        }

        /** Sends once and reads, recording everything, until the echo (true) or {@code unavailable} (false). */
        private boolean attempt(String text, String cid) {
            client.send(new ClientRequest.SendMsg(text, cid));
            while (true) {
                ServerEvent event = client.next();
                received.add(event);
                if (event instanceof ServerEvent.Message m && cid.equals(m.cid())) {
                    return true;
                }
                if (event instanceof ServerEvent.Error e) {
                    assertThat(e.code()).as("%s's answer", nick).isEqualTo(ErrorCode.UNAVAILABLE);
                    return false;
                }
            }
        }

        synchronized long stored() {
            return outcomes.stream().filter(Outcome::stored).count();
        }

        synchronized long refusedSince(long nanos) {
            return outcomes.stream().filter(o -> !o.stored() && o.sentNanos() >= nanos).count();
        }

        /** Reads until a message with this text arrives. */
        synchronized void readUntil(String text) {
            while (true) {
                ServerEvent event = client.next();
                received.add(event);
                if (event instanceof ServerEvent.Message m && m.text().equals(text)) {
                    return;
                }
            }
        }

        synchronized List<ServerEvent.Message> messages() {
            return received.stream().filter(ServerEvent.Message.class::isInstance)
                    .map(ServerEvent.Message.class::cast).toList();
        }
    }

    /** Fails with the first sender's failure, if any. */
    private static void noSenderFailed(List<Throwable> failures) {
        if (!failures.isEmpty()) {
            throw new AssertionError("a sender failed: " + failures.getFirst(), failures.getFirst());
        }
    }

    @ParameterizedTest(name = "redis {0}")
    @ValueSource(strings = {"frozen", "shut down"})
    void whileRedisIsGoneSendsAreRefusedQuicklyAndNothingRefusedIsEverDelivered(String how) throws Exception {
        String room = "outage";
        try (TestCluster cluster = TestCluster.start("ClusterRedisOutageTest-" + how.replace(' ', '-'), 2,
                     RedisServer.start(true), Map.of());
             TestClient aliceClient = TestClient.joined(cluster.port(1), room, "alice");
             TestClient bobClient = TestClient.joined(cluster.port(2), room, "bob");
             ScheduledExecutorService timer = Executors.newScheduledThreadPool(3)) {
            aliceClient.expect(ServerEvent.UserJoined.class);
            Sender alice = new Sender("alice", aliceClient);
            Sender bob = new Sender("bob", bobClient);
            List<Sender> senders = List.of(alice, bob);
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (Sender s : senders) {
                timer.scheduleWithFixedDelay(() -> {
                    try {
                        s.sendOne();
                    } catch (Throwable t) {
                        failures.add(t);
                        throw t; // ends this sender's schedule
                    }
                }, 0, SEND_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            }
            Map<String, Set<Integer>> readiness = new HashMap<>();
            AtomicInteger probes = new AtomicInteger();
            timer.scheduleWithFixedDelay(() -> {
                for (ClusterNode node : cluster.nodes) {
                    int status = node.readyz();
                    synchronized (readiness) {
                        readiness.computeIfAbsent(node.name, n -> new java.util.HashSet<>()).add(status);
                    }
                }
                probes.incrementAndGet();
            }, 0, 100, TimeUnit.MILLISECONDS);
            await("traffic before the outage").atMost(Duration.ofSeconds(10))
                    .failFast(() -> noSenderFailed(failures))
                    .until(() -> alice.stored() >= 20 && bob.stored() >= 20);

            synchronized (readiness) {
                readiness.clear();
            }
            if (how.equals("frozen")) {
                cluster.redis.pause();
            } else {
                cluster.redis.stop();
            }
            // From here Redis runs nothing: a send made before (even one Redis ran as it went, its answer lost) may
            // be stored, any send made after must not be.
            long goneAt = System.nanoTime();
            // A sender waits for each answer: the send in flight when Redis went is answered first (not counted, it
            // went out before), then the next one is refused, each within ANSWER_WITHIN.
            await("each sender refused").atMost(ANSWER_WITHIN.multipliedBy(2).plusSeconds(1))
                    .failFast(() -> noSenderFailed(failures))
                    .until(() -> alice.refusedSince(goneAt) > 0 && bob.refusedSince(goneAt) > 0);
            await("both nodes not ready").atMost(Duration.ofSeconds(3)).until(() -> {
                synchronized (readiness) {
                    return cluster.nodes.stream().allMatch(n -> readiness.getOrDefault(n.name, Set.of()).contains(503));
                }
            });
            Duration rest = OUTAGE.minus(Duration.ofNanos(System.nanoTime() - goneAt));
            if (rest.isPositive()) {
                await("clients stay connected during the outage").during(rest).atMost(rest.plusSeconds(1))
                        .until(() -> !aliceClient.isClosed() && !bobClient.isClosed());
            }
            long backAt = System.nanoTime();
            if (how.equals("frozen")) {
                cluster.redis.resume();
            } else {
                cluster.redis.restart(true);
            }
            await("both nodes ready again").atMost(Duration.ofSeconds(10))
                    .until(() -> cluster.nodes.stream().allMatch(n -> n.readyz() == 200));
            await("both store again").atMost(Duration.ofSeconds(10))
                    .failFast(() -> noSenderFailed(failures))
                    .until(() -> storedSince(alice, backAt) >= 10 && storedSince(bob, backAt) >= 10);
            timer.shutdown();
            assertThat(timer.awaitTermination(15, TimeUnit.SECONDS)).isTrue();
            assertThat(failures).as("senders' failures").isEmpty();

            // Each says a last line; once both have both, everything stored before has reached them.
            for (Sender s : senders) {
                s.sendUntilStored("last from " + s.nick, s.nick + "-last");
            }
            for (Sender s : senders) {
                for (String last : List.of("last from alice", "last from bob")) {
                    if (s.messages().stream().noneMatch(m -> m.text().equals(last))) {
                        s.readUntil(last);
                    }
                }
            }

            String state = cluster.diagnostics();
            Set<String> stored = new java.util.HashSet<>();
            Set<String> refused = new java.util.HashSet<>();
            for (Sender s : senders) {
                for (Outcome o : s.outcomes) {
                    assertThat(o.latency()).as("%s's answer to %s", s.nick, o.text())
                            .isLessThanOrEqualTo(ANSWER_WITHIN);
                    // A send Redis ran just before it froze, with its answer not yet written, is stored although
                    // the node, hearing nothing, answered unavailable: no node can know better while Redis is
                    // frozen (docs/architecture.md, "Fencing"). Sends made once Redis was gone must never be.
                    if (o.stored()) {
                        stored.add(s.nick + ": " + o.text());
                    } else if (o.sentNanos() >= goneAt) {
                        refused.add(s.nick + ": " + o.text());
                    }
                }
            }
            stored.addAll(List.of("alice: last from alice", "bob: last from bob"));
            assertThat(refused).as("sends answered unavailable").isNotEmpty();
            Map<Long, String> history = ClusterNodeCrashTest.storedHistory(cluster.port(1), room);
            Set<String> inHistory = Set.copyOf(history.values());
            assertThat(inHistory.stream().filter(refused::contains).sorted().toList())
                    .as("answered unavailable, but stored; %s", state).isEmpty();
            assertThat(stored.stream().filter(t -> !inHistory.contains(t)).sorted().toList())
                    .as("acknowledged, but not stored").isEmpty();
            assertThat(inHistory.stream().filter(t -> !stored.contains(t) && !refused.contains(t)).sorted().toList())
                    .as("stored, but never acknowledged").isEmpty();
            for (Sender s : senders) {
                List<ServerEvent.Message> seen = s.messages();
                for (int i = 1; i < seen.size(); i++) {
                    assertThat(seen.get(i).id()).as("%s: the id after %d", s.nick, seen.get(i - 1).id())
                            .isEqualTo(seen.get(i - 1).id() + 1);
                }
                Map<Long, String> view = seen.stream().collect(Collectors.toMap(ServerEvent.Message::id,
                        m -> m.from() + ": " + m.text()));
                assertThat(view).as("what %s received", s.nick).isEqualTo(history);
                assertThat(s.received).as("%s saw nobody removed", s.nick)
                        .noneMatch(ServerEvent.UserLeft.class::isInstance);
                assertThat(s.client.isClosed()).isFalse();
            }
            synchronized (readiness) {
                assertThat(probes.get()).isPositive();
            }
        }
    }

    private static long storedSince(Sender s, long nanos) {
        synchronized (s) {
            return s.outcomes.stream().filter(o -> o.stored() && o.sentNanos() >= nanos).count();
        }
    }
}
