package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mychat.protocol.ClientRequest;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Races between real clients: one total order per room, nothing lost, joins that do not trip over each other. */
class ConcurrencyTest {
    @RegisterExtension
    static final RunningServer running = new RunningServer();

    @Test
    void concurrentSendersProduceOneIdenticalOrderForEveryMemberAndLoseNothing() throws Exception {
        String room = "order";
        int perSender = 500;
        try (TestClient a = TestClient.joined(running.port(), room, "a");
             TestClient b = TestClient.joined(running.port(), room, "b");
             TestClient c = TestClient.joined(running.port(), room, "c");
             ExecutorService senders = Executors.newFixedThreadPool(2)) {
            a.expect(ServerEvent.UserJoined.class);
            a.expect(ServerEvent.UserJoined.class);
            b.expect(ServerEvent.UserJoined.class);
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Void>> sending = new ArrayList<>();
            for (TestClient sender : List.of(a, b)) {
                sending.add(CompletableFuture.runAsync(() -> {
                    await(go);
                    for (int i = 0; i < perSender; i++) {
                        sender.say("n" + i);
                    }
                }, senders));
            }
            go.countDown();
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            List<String> seenByA = receive(a, 2 * perSender);
            assertThat(receive(b, 2 * perSender)).isEqualTo(seenByA);
            assertThat(receive(c, 2 * perSender)).isEqualTo(seenByA);
            for (String sender : List.of("a", "b")) {
                List<String> own = seenByA.stream().filter(s -> s.startsWith(sender + ":")).toList();
                assertThat(own).hasSize(perSender);
                for (int i = 0; i < perSender; i++) {
                    assertThat(own.get(i)).isEqualTo(sender + ":n" + i); // each sender's order is kept
                }
            }
        }
    }

    @Test
    void fiftyConcurrentJoinsToOneRoomAllSucceedWithConsistentMembership() throws Exception {
        String room = "crowd";
        int n = 50;
        List<TestClient> clients = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < n; i++) {
                clients.add(TestClient.connect(running.port()));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<ServerEvent.Joined>> joins = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                TestClient client = clients.get(i);
                String nick = "user" + i;
                joins.add(CompletableFuture.supplyAsync(() -> {
                    await(go);
                    client.send(new ClientRequest.Join(room, nick));
                    return client.expect(ServerEvent.Joined.class);
                }, pool));
            }
            go.countDown();
            List<Integer> sizes = new ArrayList<>();
            for (CompletableFuture<ServerEvent.Joined> join : joins) {
                sizes.add(join.get(30, TimeUnit.SECONDS).members().size());
            }
            // Joins were serialized: the i-th join to be handled saw exactly i members.
            assertThat(sizes).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.IntStream.rangeClosed(1, n).boxed().toList());
            for (int i = 0; i < n; i++) {
                TestClient client = clients.get(i);
                int expectedJoinsAfter = n - sizes.get(i);
                for (int j = 0; j < expectedJoinsAfter; j++) {
                    client.expect(ServerEvent.UserJoined.class);
                }
                client.send(new ClientRequest.Join(room, "user" + i)); // rejoin under the same nick: a no-op
                assertThat(client.expect(ServerEvent.Joined.class).members()).hasSize(n);
            }
        } finally {
            clients.forEach(TestClient::close);
        }
    }

    private static List<String> receive(TestClient client, int count) {
        List<String> lines = new ArrayList<>(count);
        while (lines.size() < count) {
            ServerEvent.Message m = client.expect(ServerEvent.Message.class);
            lines.add(m.from() + ":" + m.text());
        }
        return lines;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
