package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One order per room across nodes: every member on every node sees the same ids, the same messages, in one order. */
class ClusterOrderTest {
    private static final int NODES = 3;
    private static final int SENDERS_PER_NODE = 2;
    private static final int PER_SENDER = 500;

    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.start("ClusterOrderTest", NODES);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void sendersOnThreeNodesProduceOneGapFreeOrderThatEveryMemberSees() throws Exception {
        String room = "order";
        int total = NODES * SENDERS_PER_NODE * PER_SENDER;
        List<TestClient> members = new ArrayList<>();
        List<String> nicks = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int n = 1; n <= NODES; n++) {
                for (int s = 0; s < SENDERS_PER_NODE; s++) {
                    String nick = "n" + n + "s" + s;
                    members.add(TestClient.joined(cluster.port(n), room, nick));
                    nicks.add(nick);
                }
            }
            // Each member hears of everyone who joined after it: all are members before the first message.
            for (int i = 0; i < members.size(); i++) {
                for (int later = i + 1; later < members.size(); later++) {
                    assertThat(members.get(i).expect(ServerEvent.UserJoined.class).nick()).isEqualTo(nicks.get(later));
                }
            }

            List<List<ServerEvent.Message>> progress = new ArrayList<>();
            List<CompletableFuture<List<ServerEvent.Message>>> views = new ArrayList<>();
            for (TestClient member : members) {
                List<ServerEvent.Message> received = java.util.Collections.synchronizedList(new ArrayList<>());
                progress.add(received);
                views.add(CompletableFuture.supplyAsync(() -> receive(member, total, received), threads));
            }
            List<CompletableFuture<Void>> sending = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                TestClient sender = members.get(i);
                String nick = nicks.get(i);
                sending.add(CompletableFuture.runAsync(() -> {
                    for (int m = 0; m < PER_SENDER; m++) {
                        sender.say(nick + " " + m);
                    }
                }, threads));
            }
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            List<List<ServerEvent.Message>> seen = new ArrayList<>();
            for (int i = 0; i < views.size(); i++) {
                try {
                    seen.add(views.get(i).get(60, TimeUnit.SECONDS));
                } catch (Exception e) {
                    StringBuilder where = new StringBuilder();
                    for (int j = 0; j < progress.size(); j++) {
                        List<ServerEvent.Message> got = progress.get(j);
                        synchronized (got) {
                            String nick = nicks.get(j);
                            where.append("\n").append(nick).append(": ").append(got.size())
                                    .append(" messages (").append(got.stream().filter(m -> m.from().equals(nick))
                                            .count()).append(" of its own), last ")
                                    .append(got.isEmpty() ? "none" : got.getLast());
                        }
                    }
                    throw new AssertionError(nicks.get(i) + " did not receive " + total + " messages:" + where
                            + cluster.diagnostics(), e);
                }
            }

            List<Long> expectedIds = LongStream.rangeClosed(1, total).boxed().toList();
            List<String> reference = seen.getFirst().stream().map(m -> m.from() + ": " + m.text()).toList();
            for (int i = 0; i < seen.size(); i++) {
                assertThat(seen.get(i)).extracting(ServerEvent.Message::id)
                        .as("ids seen by %s", nicks.get(i)).isEqualTo(expectedIds);
                assertThat(seen.get(i)).extracting(m -> m.from() + ": " + m.text())
                        .as("the order %s saw, against %s's", nicks.get(i), nicks.getFirst()).isEqualTo(reference);
            }
            for (String nick : nicks) {
                List<String> own = seen.getFirst().stream().filter(m -> m.from().equals(nick))
                        .map(ServerEvent.Message::text).toList();
                assertThat(own).as("%s's messages in the order it sent them", nick)
                        .isEqualTo(java.util.stream.IntStream.range(0, PER_SENDER).mapToObj(m -> nick + " " + m)
                                .toList());
            }
        } finally {
            members.forEach(TestClient::close);
        }
    }

    @Test
    void aSendersMessagesKeepTheirOrderWhenRedisForgetsTheScripts() throws Exception {
        // A script cache emptied under traffic (what a Redis restart does) makes calls fail with NOSCRIPT; a
        // sender's later messages must not overtake the one being retried.
        String room = "flushed";
        int perSender = 300;
        int flushes = 10;
        List<String> nicks = List.of("f1", "f2", "f3");
        List<TestClient> senders = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int n = 1; n <= nicks.size(); n++) {
                senders.add(TestClient.joined(cluster.port(n), room, nicks.get(n - 1)));
            }
            TestClient witness = senders.getFirst();
            witness.expect(ServerEvent.UserJoined.class);
            witness.expect(ServerEvent.UserJoined.class);
            List<ServerEvent.Message> received = java.util.Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<List<ServerEvent.Message>> view = CompletableFuture.supplyAsync(
                    () -> receive(witness, nicks.size() * perSender, received), threads);
            List<CompletableFuture<Void>> sending = new ArrayList<>();
            for (int i = 0; i < senders.size(); i++) {
                TestClient sender = senders.get(i);
                String nick = nicks.get(i);
                sending.add(CompletableFuture.runAsync(() -> {
                    for (int m = 0; m < perSender; m++) {
                        sender.say(nick + " " + m);
                    }
                }, threads));
            }
            for (int flush = 1; flush <= flushes; flush++) {
                int atLeast = flush * nicks.size() * perSender / (flushes + 2);
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                        .until(() -> received.size() >= atLeast);
                cluster.redis.command("SCRIPT", "FLUSH");
            }
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            List<ServerEvent.Message> seen = view.get(30, TimeUnit.SECONDS);
            for (String nick : nicks) {
                assertThat(seen.stream().filter(m -> m.from().equals(nick)).map(ServerEvent.Message::text).toList())
                        .as("%s's messages in the order it sent them", nick)
                        .isEqualTo(java.util.stream.IntStream.range(0, perSender).mapToObj(m -> nick + " " + m)
                                .toList());
            }
        } finally {
            senders.forEach(TestClient::close);
        }
    }

    /** The first {@code count} messages the member receives, into {@code messages} (other events are skipped). */
    private static List<ServerEvent.Message> receive(TestClient member, int count, List<ServerEvent.Message> messages) {
        List<ServerEvent.Error> errors = new ArrayList<>();
        while (messages.size() + errors.size() < count) {
            ServerEvent event = member.next();
            if (event instanceof ServerEvent.Message m) {
                messages.add(m);
            } else if (event instanceof ServerEvent.Error e) {
                errors.add(e); // an answer to this member's own send: that message will not come
            }
        }
        assertThat(errors).as("errors answered to sends").isEmpty();
        return List.copyOf(messages);
    }
}
