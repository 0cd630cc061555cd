package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import mychat.protocol.ClientRequest;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of one node of three under load, every client behind HAProxy: the clients of the dead node come back on
 * the others and resume, nobody's view has a gap or a duplicate, the others see them leave within the node
 * timeout, their nicks are free again, and nothing anyone received is lost.
 */
class ClusterNodeCrashTest {
    private static final int CLIENTS = 9; // three per node under round robin
    private static final int PER_CLIENT = 200;
    private static final int WINDOW = 4;
    /** How late a UserLeft may come after the kill: the node timeout and a margin for noticing it. */
    private static final Duration LEFT_WITHIN = TestCluster.NODE_TIMEOUT.plusSeconds(2);

    @Test
    void clientsOfAKilledNodeResumeElsewhereWithoutGapOrDuplicateAndTheOthersSeeThemLeave() throws Exception {
        String room = "crash";
        try (TestCluster cluster = TestCluster.start("ClusterNodeCrashTest", 3).withHaproxy();
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<ResumingClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(ResumingClient.join(room, "c" + i, WINDOW, cluster.haproxy().uri()));
                }
                List<CompletableFuture<Void>> load = new ArrayList<>();
                for (ResumingClient client : clients) {
                    load.add(CompletableFuture.runAsync(() -> {
                        for (int m = 0; m < PER_CLIENT; m++) {
                            client.send(client.nick + " " + m);
                        }
                    }, threads));
                }
                ResumingClient first = clients.getFirst();
                first.awaitId(CLIENTS * PER_CLIENT / 4, Duration.ofSeconds(20));
                long killedAt = System.nanoTime();
                cluster.node(2).kill();

                CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                await("every message echoed").atMost(Duration.ofSeconds(20))
                        .until(() -> clients.stream().allMatch(c -> c.unconfirmed() == 0 && c.isJoined()));
                long total = (long) CLIENTS * PER_CLIENT;
                for (ResumingClient client : clients) {
                    client.awaitId(total, Duration.ofSeconds(10));
                }

                List<ResumingClient> moved = clients.stream().filter(c -> !c.closeCodes().isEmpty()).toList();
                List<ResumingClient> stayed = clients.stream().filter(c -> c.closeCodes().isEmpty()).toList();
                String state = clients.stream().map(ResumingClient::describe).toList() + cluster.diagnostics();
                assertThat(moved).as("clients of the killed node; %s", state).isNotEmpty();
                assertThat(stayed).as("clients of the surviving nodes; %s", state).isNotEmpty();
                for (ResumingClient client : clients) {
                    assertThat(client.unavailableAnswers()).as("sends refused although Redis is healthy; %s", state)
                            .isZero();
                    assertThat(client.violations()).as("what %s saw", client.nick).isEmpty();
                    assertThat(client.messages()).extracting(ServerEvent.Message::id).as("ids %s saw", client.nick)
                            .isEqualTo(LongStream.rangeClosed(1, total).boxed().toList());
                }
                List<String> reference = texts(first.messages());
                for (ResumingClient client : clients) {
                    assertThat(texts(client.messages())).as("%s's order", client.nick).isEqualTo(reference);
                    assertThat(reference.stream().filter(t -> t.startsWith(client.nick + ": ")).toList())
                            .as("%s's messages, each once, in its order", client.nick)
                            .isEqualTo(java.util.stream.IntStream.range(0, PER_CLIENT)
                                    .mapToObj(m -> client.nick + ": " + client.nick + " " + m).toList());
                }
                for (ResumingClient gone : moved) {
                    assertThat(gone.joins()).as("%s took its nick again", gone.nick).isGreaterThanOrEqualTo(2);
                    long firstSeen = stayed.stream().mapToLong(s -> s.userLeftAt(gone.nick, killedAt))
                            .filter(t -> t >= 0).min().orElse(-1);
                    assertThat(firstSeen).as("someone saw %s leave; %s", gone.nick, state).isNotNegative();
                    assertThat(Duration.ofNanos(firstSeen - killedAt)).as("%s's UserLeft after the kill", gone.nick)
                            .isLessThanOrEqualTo(LEFT_WITHIN);
                }

                Map<Long, String> received = new HashMap<>();
                first.messages().forEach(m -> received.put(m.id(), m.from() + ": " + m.text()));
                assertThat(storedHistory(cluster.port(1), room)).isEqualTo(received);
            } finally {
                clients.forEach(ResumingClient::close);
            }
        }
    }

    private static List<String> texts(List<ServerEvent.Message> messages) {
        return messages.stream().map(m -> m.from() + ": " + m.text()).toList();
    }

    /** The room's whole history, paged from a node, as id to "from: text". */
    static Map<Long, String> storedHistory(int port, String room) {
        Map<Long, String> stored = new HashMap<>();
        try (TestClient reader = TestClient.joined(port, room, "history-reader")) {
            long after = 0;
            boolean more = true;
            while (more) {
                reader.send(ClientRequest.History.after(after, 200));
                ServerEvent event;
                do {
                    event = reader.next(); // skips the join's replay and live traffic
                } while (!(event instanceof ServerEvent.HistoryPage));
                ServerEvent.HistoryPage page = (ServerEvent.HistoryPage) event;
                page.messages().forEach(m -> stored.put(m.id(), m.from() + ": " + m.text()));
                more = page.more();
                after = page.messages().isEmpty() ? after : page.messages().getLast().id();
            }
        }
        return stored;
    }
}
