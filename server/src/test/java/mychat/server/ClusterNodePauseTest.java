package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mychat.protocol.ClientRequest;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/**
 * A node frozen (SIGSTOP) for longer than the node timeout and then thawed: the cluster removed its members
 * meanwhile, so it must not speak for them any more. Its connections are closed (1012 or 1008) or rejoin cleanly;
 * a nick taken by someone else meanwhile is never owned twice; no member ever receives a message from someone
 * it was told has left.
 */
class ClusterNodePauseTest {
    private static final Duration LEFT_WITHIN = TestCluster.NODE_TIMEOUT.plusSeconds(2);
    private static final List<Integer> RESTART_OR_POLICY = List.of(1012, 1008);
    /** A steady trickle of messages from a member of the live node, before, during and after the freeze. */
    private static final Duration LOAD_PERIOD = Duration.ofMillis(20);

    @Test
    void aNodeThawedAfterTheTimeoutNeverSpeaksForMembersTheClusterRemoved() throws Exception {
        String room = "pause";
        try (TestCluster cluster = TestCluster.start("ClusterNodePauseTest", 2);
             ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor()) {
            ClusterNode frozen = cluster.node(1);
            ResumingClient b1 = ResumingClient.join(room, "b1", cluster.node(2).uri());
            ResumingClient b2 = ResumingClient.join(room, "b2", cluster.node(2).uri());
            // a1 and a2 come back on the other node when their connection ends
            ResumingClient a1 = ResumingClient.join(room, "a1", frozen.uri(), cluster.node(2).uri());
            ResumingClient a2 = ResumingClient.join(room, "a2", frozen.uri(), cluster.node(2).uri());
            ResumingClient usurper = null;
            List<ResumingClient> all = List.of(b1, b2, a1, a2);
            try {
                for (int i = 0; i < 20; i++) {
                    b1.send("warm-up " + i);
                }
                for (ResumingClient c : all) {
                    c.awaitId(20, Duration.ofSeconds(10));
                }
                AtomicInteger loadCount = new AtomicInteger();
                ScheduledFuture<?> load = timer.scheduleAtFixedRate(
                        () -> b2.send("load " + loadCount.incrementAndGet()), 0, LOAD_PERIOD.toMillis(),
                        TimeUnit.MILLISECONDS);

                long frozenAt = System.nanoTime();
                frozen.pause();
                for (String nick : List.of("a1", "a2")) {
                    await(nick + " leaves in b1's view").atMost(LEFT_WITHIN.plusSeconds(5))
                            .until(() -> b1.userLeftAt(nick, frozenAt) >= 0);
                    assertThat(Duration.ofNanos(b1.userLeftAt(nick, frozenAt) - frozenAt))
                            .as("%s's UserLeft after the freeze", nick).isLessThanOrEqualTo(LEFT_WITHIN);
                }
                // The nick is free: someone else takes it on the live node.
                usurper = ResumingClient.join(room, "A1", cluster.node(2).uri());
                // What the frozen node's clients say now waits in its socket buffers until it thaws.
                a1.sendUntracked("ghost of a1");
                a2.sendUntracked("ghost of a2");
                frozen.resume();

                await("a1's old connection is closed").atMost(Duration.ofSeconds(10))
                        .until(() -> !a1.closeCodes().isEmpty());
                assertThat(a1.closeCodes().getFirst()).as("a1's close code").isIn(RESTART_OR_POLICY);
                await("a2 is a member again").atMost(Duration.ofSeconds(15))
                        .until(() -> a2.isJoined() && b1.log().stream().anyMatch(s -> s.nanos() > frozenAt
                                && s.event() instanceof ServerEvent.UserJoined j && j.nick().equals("a2")));
                assertThat(a2.closeCodes()).as("a2's connection, if closed").allMatch(RESTART_OR_POLICY::contains);

                // Once the usurper leaves, a1 gets its nick back (its client keeps trying).
                usurper.close();
                usurper = null;
                await("a1 rejoins").atMost(Duration.ofSeconds(15)).until(() -> a1.isJoined() && a1.joins() >= 2);

                load.cancel(false);
                b1.send("final");
                await("b1's final message").atMost(Duration.ofSeconds(10)).until(() -> b1.unconfirmed() == 0);
                long last = b1.lastId();
                for (ResumingClient c : all) {
                    c.awaitId(last, Duration.ofSeconds(10));
                }

                String state = all.stream().map(ResumingClient::describe).toList() + cluster.diagnostics();
                for (ResumingClient c : all) {
                    assertThat(c.violations()).as("what %s saw; %s", c.nick, state).isEmpty();
                    assertThat(c.messages()).as("%s received no ghost", c.nick)
                            .noneMatch(m -> m.text().equals("ghost of a1"));
                }
                assertThat(b1.closeCodes()).isEmpty();
                assertThat(b2.closeCodes()).isEmpty();
                try (TestClient newcomer = TestClient.connect(cluster.port(2))) {
                    newcomer.send(new ClientRequest.Join(room, "newcomer"));
                    List<String> members = newcomer.expect(ServerEvent.Joined.class).members();
                    assertThat(members.stream().map(m -> m.toLowerCase(Locale.ROOT)).toList())
                            .as("each nick owned once").containsExactlyInAnyOrder("a1", "a2", "b1", "b2", "newcomer");
                }
            } finally {
                if (usurper != null) {
                    usurper.close();
                }
                all.forEach(ResumingClient::close);
            }
        }
    }
}
