package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Members, nicks, rooms and idempotent sends hold across nodes as they do on one. */
class ClusterMembershipTest {
    private static final AtomicInteger ROOMS = new AtomicInteger();
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.start("ClusterMembershipTest", 3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String freshRoom() {
        return "members-" + ROOMS.incrementAndGet();
    }

    @Test
    void joinedListsMembersOnEveryNodeAndJoinsAndLeavesReachEveryNode() {
        String room = freshRoom();
        try (TestClient alice = TestClient.joined(cluster.port(1), room, "alice");
             TestClient bob = TestClient.connect(cluster.port(2))) {
            bob.send(new ClientRequest.Join(room, "bob"));
            assertThat(bob.expect(ServerEvent.Joined.class).members()).containsExactly("alice", "bob");
            assertThat(alice.expect(ServerEvent.UserJoined.class).nick()).isEqualTo("bob");

            TestClient carol = TestClient.connect(cluster.port(3));
            carol.send(new ClientRequest.Join(room, "carol"));
            assertThat(carol.expect(ServerEvent.Joined.class).members()).containsExactly("alice", "bob", "carol");
            assertThat(alice.expect(ServerEvent.UserJoined.class).nick()).isEqualTo("carol");
            assertThat(bob.expect(ServerEvent.UserJoined.class).nick()).isEqualTo("carol");

            bob.send(new ClientRequest.Leave());
            assertThat(alice.expect(ServerEvent.UserLeft.class).nick()).isEqualTo("bob");
            assertThat(carol.expect(ServerEvent.UserLeft.class).nick()).isEqualTo("bob");

            carol.close(); // a disconnect without Leave
            assertThat(alice.expect(ServerEvent.UserLeft.class).nick()).isEqualTo("carol");

            try (TestClient dave = TestClient.connect(cluster.port(2))) {
                dave.send(new ClientRequest.Join(room, "dave"));
                assertThat(dave.expect(ServerEvent.Joined.class).members()).containsExactly("alice", "dave");
            }
            assertThat(alice.expect(ServerEvent.UserJoined.class).nick()).isEqualTo("dave");
            assertThat(alice.expect(ServerEvent.UserLeft.class).nick()).isEqualTo("dave");
            assertThat(alice.expectNothingMoreThenRoomList()).contains(room);
        }
    }

    @Test
    void typingReachesMembersOnOtherNodesOnceAndNeverTheTyper() {
        String room = freshRoom();
        try (TestClient alice = TestClient.joined(cluster.port(1), room, "alice");
             TestClient bob = TestClient.joined(cluster.port(2), room, "bob");
             TestClient carol = TestClient.joined(cluster.port(1), room, "carol")) {
            alice.expect(ServerEvent.UserJoined.class);
            alice.expect(ServerEvent.UserJoined.class);
            bob.expect(ServerEvent.UserJoined.class);

            carol.send(new ClientRequest.Typing());

            assertThat(alice.expect(ServerEvent.Typing.class).nick()).isEqualTo("carol"); // same node
            assertThat(bob.expect(ServerEvent.Typing.class).nick()).isEqualTo("carol"); // through Redis
            bob.say("a message after the hint"); // ordered after the hint on every node: nothing else came first
            assertThat(alice.expect(ServerEvent.Message.class).text()).isEqualTo("a message after the hint");
            assertThat(bob.expect(ServerEvent.Message.class).text()).isEqualTo("a message after the hint");
            assertThat(carol.expect(ServerEvent.Message.class).text()).isEqualTo("a message after the hint");
            assertThat(alice.expectNothingMoreThenRoomList()).contains(room);
        }
    }

    @Test
    void roomListNamesTheRoomsOfEveryNode() {
        String one = freshRoom();
        String two = freshRoom();
        try (TestClient a = TestClient.joined(cluster.port(1), one, "a");
             TestClient b = TestClient.joined(cluster.port(2), two, "b");
             TestClient asker = TestClient.connect(cluster.port(3))) {
            assertThat(asker.expectNothingMoreThenRoomList()).contains(one, two);
            a.send(new ClientRequest.Leave());
            // Answers in the asker's order (PROTOCOL §5): the leaver's next RoomList no longer has the empty room.
            assertThat(a.expectNothingMoreThenRoomList()).doesNotContain(one).contains(two);
            // Nothing orders the other node's answer after the leave: it may learn of it a moment later.
            await("the empty room leaves node 3's list").atMost(Duration.ofSeconds(3))
                    .untilAsserted(() -> assertThat(asker.expectNothingMoreThenRoomList()).doesNotContain(one)
                            .contains(two));
        }
    }

    @Test
    void messagesReachMembersOnOtherNodesInOneOrder() {
        String room = freshRoom();
        try (TestClient alice = TestClient.joined(cluster.port(1), room, "alice");
             TestClient bob = TestClient.joined(cluster.port(2), room, "bob")) {
            alice.expect(ServerEvent.UserJoined.class);
            alice.say("from node 1");
            bob.say("from node 2");
            List<ServerEvent.Message> toAlice = List.of(alice.expect(ServerEvent.Message.class),
                    alice.expect(ServerEvent.Message.class));
            List<ServerEvent.Message> toBob = List.of(bob.expect(ServerEvent.Message.class),
                    bob.expect(ServerEvent.Message.class));
            assertThat(toBob).isEqualTo(toAlice);
            assertThat(toAlice).extracting(ServerEvent.Message::id).containsExactly(1L, 2L);
        }
    }

    @Test
    void twoNodesRacingForOneNickLetExactlyOneWin() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 20; round++) {
                String room = freshRoom();
                // Case differs on purpose: nicks collide case-insensitively.
                try (TestClient first = TestClient.connect(cluster.port(1 + round % 3));
                     TestClient second = TestClient.connect(cluster.port(1 + (round + 1) % 3))) {
                    CountDownLatch go = new CountDownLatch(1);
                    CompletableFuture<ServerEvent> one = CompletableFuture.supplyAsync(
                            () -> joinOnSignal(first, go, room, "Racer"), threads);
                    CompletableFuture<ServerEvent> two = CompletableFuture.supplyAsync(
                            () -> joinOnSignal(second, go, room, "rACER"), threads);
                    go.countDown();
                    List<ServerEvent> answers = List.of(one.get(15, TimeUnit.SECONDS), two.get(15, TimeUnit.SECONDS));
                    assertThat(answers).as("round %d", round)
                            .filteredOn(ServerEvent.Joined.class::isInstance).hasSize(1);
                    assertThat(answers).as("round %d", round)
                            .filteredOn(e -> e instanceof ServerEvent.Error err && err.code() == ErrorCode.NICK_TAKEN)
                            .hasSize(1);
                    ServerEvent.Joined winner = (ServerEvent.Joined) answers.stream()
                            .filter(ServerEvent.Joined.class::isInstance).findFirst().orElseThrow();
                    assertThat(winner.members()).hasSize(1);
                }
            }
        }
    }

    @Test
    void aCidSentToTwoNodesAtOnceMakesOneMessage() throws Exception {
        String room = freshRoom();
        try (TestClient witness = TestClient.joined(cluster.port(3), room, "witness")) {
            for (int round = 0; round < 10; round++) {
                String cid = "failover-" + round;
                // The first connection sends and is cut off at once; the client comes back on another node and
                // resends while the original may still be on its way into the store.
                TestClient before = TestClient.joined(cluster.port(1), room, "alice");
                before.send(new ClientRequest.SendMsg("once " + round, cid));
                before.close();
                TestClient after = rejoin(cluster.port(2), room, "alice");
                after.send(new ClientRequest.SendMsg("once " + round, cid));
                ServerEvent.Message echoed = nextMessageWithCid(after, cid);
                after.close();

                // Both connections of the round joined, so the witness hears alice leave twice; everything
                // either of them caused comes before the second UserLeft.
                List<ServerEvent.Message> withCid = new ArrayList<>();
                int left = 0;
                while (left < 2) {
                    ServerEvent event = witness.next();
                    if (event instanceof ServerEvent.UserLeft l && l.nick().equals("alice")) {
                        left++;
                    } else if (event instanceof ServerEvent.Message m && cid.equals(m.cid())) {
                        withCid.add(m);
                    }
                }
                assertThat(withCid).as("round %d: messages with cid %s", round, cid).hasSize(1);
                assertThat(withCid.getFirst().id()).isEqualTo(echoed.id());
            }
            witness.send(ClientRequest.History.newest(50));
            ServerEvent.HistoryPage page = nextPage(witness);
            assertThat(page.messages()).extracting(ServerEvent.Message::text)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 10).mapToObj(r -> "once " + r)
                            .toList());
        }
    }

    @Test
    void aCidResentToAnotherNodeLaterReturnsTheOriginalToTheSenderAlone() {
        String room = freshRoom();
        try (TestClient witness = TestClient.joined(cluster.port(3), room, "witness")) {
            ServerEvent.Message original;
            try (TestClient first = TestClient.joined(cluster.port(1), room, "alice")) {
                first.send(new ClientRequest.SendMsg("said once", "k-1"));
                original = first.expect(ServerEvent.Message.class);
            }
            assertThat(witness.expect(ServerEvent.UserJoined.class).nick()).isEqualTo("alice");
            assertThat(witness.expect(ServerEvent.Message.class)).isEqualTo(original);
            assertThat(witness.expect(ServerEvent.UserLeft.class).nick()).isEqualTo("alice");
            try (TestClient second = TestClient.joined(cluster.port(2), room, "alice")) {
                assertThat(second.expect(ServerEvent.Message.class)).isEqualTo(original.asHistory()); // the replay
                assertThat(witness.expect(ServerEvent.UserJoined.class).nick()).isEqualTo("alice");
                second.send(new ClientRequest.SendMsg("said once", "k-1"));
                ServerEvent.Message again = second.expect(ServerEvent.Message.class);
                assertThat(again.id()).isEqualTo(original.id());
                assertThat(again.text()).isEqualTo(original.text());
                assertThat(again.cid()).isEqualTo("k-1");
                second.say("next");
                assertThat(second.expect(ServerEvent.Message.class).id()).isEqualTo(original.id() + 1);
                ServerEvent.Message next = witness.expect(ServerEvent.Message.class);
                assertThat(next.text()).as("the witness gets no second copy").isEqualTo("next");
            }
        }
    }

    /** Joins as {@code nick} on {@code port}, trying again while the cluster still holds the nick. */
    static TestClient rejoin(int port, String room, String nick) {
        AtomicReference<TestClient> joined = new AtomicReference<>();
        await(nick + " free again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            TestClient client = TestClient.connect(port);
            client.send(new ClientRequest.Join(room, nick));
            ServerEvent answer = client.next();
            if (answer instanceof ServerEvent.Joined) {
                joined.set(client);
                return true;
            }
            client.close();
            assertThat(answer).as("answer to a join as %s", nick)
                    .matches(e -> e instanceof ServerEvent.Error err && err.code() == ErrorCode.NICK_TAKEN);
            return false;
        });
        return joined.get();
    }

    private static ServerEvent joinOnSignal(TestClient client, CountDownLatch go, String room, String nick) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        client.send(new ClientRequest.Join(room, nick));
        return client.next();
    }

    private static ServerEvent.Message nextMessageWithCid(TestClient client, String cid) {
        while (true) {
            if (client.next() instanceof ServerEvent.Message m && cid.equals(m.cid())) {
                return m;
            }
        }
    }

    private static ServerEvent.HistoryPage nextPage(TestClient client) {
        while (true) {
            if (client.next() instanceof ServerEvent.HistoryPage page) {
                return page;
            }
        }
    }
}
