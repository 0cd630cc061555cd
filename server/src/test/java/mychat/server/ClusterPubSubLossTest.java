package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/**
 * Redis drops a node's subscription (the connection killed, or its output buffer over the limit): what was
 * published meanwhile never reaches the node by pub/sub. The node notices and catches up from the stored messages,
 * so its members see every message once, in order.
 */
class ClusterPubSubLossTest {
    /** How long after the last message every member may still be catching up. */
    private static final Duration CAUGHT_UP_WITHIN = Duration.ofSeconds(10);

    @Test
    void aNodeWhoseSubscriptionIsKilledCatchesUpWithoutGap() throws Exception {
        try (TestCluster cluster = TestCluster.start("ClusterPubSubLossTest-kill", 2);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            ResumingClient alice = ResumingClient.join("kill", "alice", cluster.node(1).uri());
            ResumingClient bob = ResumingClient.join("kill", "bob", cluster.node(2).uri());
            List<ResumingClient> all = List.of(alice, bob);
            try {
                int perSender = 600;
                List<CompletableFuture<Void>> load = new ArrayList<>();
                for (ResumingClient sender : all) {
                    load.add(CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < perSender; i++) {
                            sender.send(sender.nick + " " + i);
                        }
                    }, threads));
                }
                long killed = 0;
                for (int round = 1; round <= 3; round++) {
                    alice.awaitId(round * perSender / 2, Duration.ofSeconds(20));
                    killed += (Long) cluster.redis.command("CLIENT", "KILL", "TYPE", "pubsub");
                }
                assertThat(killed).as("subscriptions killed (the nodes subscribe)").isPositive();
                CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                assertSeenByAll(all, 2L * perSender, cluster);
            } finally {
                all.forEach(ResumingClient::close);
            }
        }
    }

    @Test
    void aNodeDisconnectedForATooSlowSubscriptionCatchesUpWithoutGap() throws Exception {
        try (TestCluster cluster = TestCluster.start("ClusterPubSubLossTest-buffer", 2);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // Any burst beyond Redis' 16 KiB reply buffer and 1 KiB more drops the subscriber at once.
            cluster.redis.command("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1024 512 1");
            ResumingClient alice = ResumingClient.join("buffer", "alice", cluster.node(1).uri());
            List<ResumingClient> senders = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                senders.add(ResumingClient.join("buffer", "bob" + i, cluster.node(2).uri()));
            }
            List<ResumingClient> all = new ArrayList<>(senders);
            all.add(alice);
            try {
                int perSender = 200;
                String bulk = "x".repeat(1900);
                List<CompletableFuture<Void>> load = new ArrayList<>();
                for (ResumingClient sender : senders) {
                    load.add(CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < perSender; i++) {
                            sender.send(sender.nick + " " + i + " " + bulk);
                        }
                    }, threads));
                }
                CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                assertSeenByAll(all, (long) senders.size() * perSender, cluster);
                Object stats = cluster.redis.command("INFO", "stats");
                String disconnections = String.valueOf(stats).lines()
                        .filter(l -> l.startsWith("client_output_buffer_limit_disconnections:")).findFirst()
                        .orElse(null);
                if (disconnections != null) {
                    assertThat(disconnections).as("Redis dropped a subscriber").doesNotEndWith(":0");
                }
            } finally {
                all.forEach(ResumingClient::close);
            }
        }
    }

    /** Every member receives ids 1..total exactly once, in one order, within a bounded time after the last send. */
    private static void assertSeenByAll(List<ResumingClient> members, long total, TestCluster cluster) {
        await("every echo").atMost(CAUGHT_UP_WITHIN).until(() -> members.stream().allMatch(m -> m.unconfirmed() == 0));
        for (ResumingClient member : members) {
            try {
                member.awaitId(total, CAUGHT_UP_WITHIN);
            } catch (RuntimeException e) {
                throw new AssertionError(member.describe() + cluster.diagnostics(), e);
            }
        }
        List<String> reference = members.getFirst().messages().stream().map(m -> m.from() + ": " + m.text()).toList();
        for (ResumingClient member : members) {
            assertThat(member.violations()).as("what %s saw", member.nick).isEmpty();
            assertThat(member.closeCodes()).as("%s stayed connected", member.nick).isEmpty();
            assertThat(member.messages()).extracting(ServerEvent.Message::id).as("ids %s saw", member.nick)
                    .isEqualTo(LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(member.messages()).extracting(m -> m.from() + ": " + m.text())
                    .as("%s's order", member.nick).isEqualTo(reference);
        }
    }
}
