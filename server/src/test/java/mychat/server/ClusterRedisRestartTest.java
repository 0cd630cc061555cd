package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/**
 * Redis restarts under a running cluster. With the append-only file nothing acknowledged is lost and ids continue;
 * without persistence the data is gone, but ids keep going up from above every id given out, and nobody receives a
 * different message under an id it has already seen.
 */
class ClusterRedisRestartTest {

    @Test
    void afterARestartWithTheAppendOnlyFileEveryAcknowledgedMessageIsKeptAndIdsContinue() {
        try (TestCluster cluster = TestCluster.start("ClusterRedisRestartTest-aof", 2, RedisServer.start(true),
                Map.of());
             TestClient alice = TestClient.joined(cluster.port(1), "aof", "alice");
             TestClient bob = TestClient.joined(cluster.port(2), "aof", "bob")) {
            alice.expect(ServerEvent.UserJoined.class);
            for (int i = 1; i <= 20; i++) {
                alice.send(new ClientRequest.SendMsg("before " + i, "b" + i));
                assertThat(alice.expect(ServerEvent.Message.class).id()).isEqualTo(i);
            }
            cluster.redis.kill(); // appendfsync always: what Redis acknowledged is on disk
            cluster.redis.restart(true);

            ServerEvent.Message after = sendUntilStored(alice, "after the restart", "a1");
            assertThat(after.id()).as("ids continue; %s", cluster.diagnostics()).isEqualTo(21);
            List<ServerEvent.Message> bobs = messages(bob, 21);
            assertThat(bobs).extracting(ServerEvent.Message::id)
                    .isEqualTo(LongStream.rangeClosed(1, 21).boxed().toList());
            assertThat(bobs.getLast()).isEqualTo(after);
            assertThat(alice.isClosed() || bob.isClosed()).as("clients stay connected").isFalse();
            Map<Long, String> expected = new HashMap<>();
            bobs.forEach(m -> expected.put(m.id(), m.from() + ": " + m.text()));
            assertThat(ClusterNodeCrashTest.storedHistory(cluster.port(1), "aof")).isEqualTo(expected);
        }
    }

    @Test
    void afterARestartThatLostEverythingIdsKeepIncreasingAndNoIdIsReusedForAnotherMessage() {
        try (TestCluster cluster = TestCluster.start("ClusterRedisRestartTest-wiped", 2, RedisServer.start(false),
                Map.of())) {
            // Members the lost Redis no longer knows may be closed (1012) and join again with since.
            ResumingClient alice = ResumingClient.join("wiped", "alice", cluster.node(1).uri());
            ResumingClient bob = ResumingClient.join("wiped", "bob", cluster.node(2).uri());
            try {
                for (int i = 1; i <= 20; i++) {
                    alice.send("before " + i);
                }
                alice.awaitId(20, Duration.ofSeconds(10));
                bob.awaitId(20, Duration.ofSeconds(10));
                // A room nobody is in any more: only a resuming client's since remembers how far it went.
                long quietLast;
                try (TestClient dave = TestClient.joined(cluster.port(1), "quiet", "dave")) {
                    for (int i = 1; i <= 5; i++) {
                        dave.say("quiet " + i);
                    }
                    quietLast = messages(dave, 5).getLast().id();
                }

                cluster.redis.restart(false);

                alice.send("after the loss");
                await("alice's message stored").atMost(Duration.ofSeconds(20)).until(() -> alice.unconfirmed() == 0);
                ServerEvent.Message after = withText(alice, "after the loss");
                assertThat(after.id()).as("a new id above every id given out; %s", cluster.diagnostics())
                        .isGreaterThan(20);
                await("bob receives it").atMost(Duration.ofSeconds(10))
                        .until(() -> bob.messages().stream().anyMatch(m -> m.text().equals("after the loss")));
                bob.send("bob after the loss");
                await("bob's message stored").atMost(Duration.ofSeconds(20)).until(() -> bob.unconfirmed() == 0);
                assertThat(withText(bob, "bob after the loss").id()).isGreaterThan(after.id());
                for (ResumingClient c : List.of(alice, bob)) {
                    assertThat(c.violations(ResumingClient.Kind.DUPLICATE, ResumingClient.Kind.OTHER))
                            .as("%s never received an id twice", c.nick).isEmpty();
                    assertThat(c.closeCodes()).as("%s's connection, if closed", c.nick).allMatch(code -> code == 1012);
                }

                try (TestClient dave = TestClient.connect(cluster.port(2))) {
                    dave.send(new ClientRequest.Join("quiet", "dave", quietLast));
                    dave.expect(ServerEvent.Joined.class);
                    ServerEvent.Message next = sendUntilStored(dave, "quiet after the loss", "q1");
                    assertThat(next.id()).as("the resuming client's since is a floor").isGreaterThan(quietLast);
                }
            } finally {
                alice.close();
                bob.close();
            }
        }
    }

    private static ServerEvent.Message withText(ResumingClient client, String text) {
        return client.messages().stream().filter(m -> m.text().equals(text)).findFirst().orElseThrow();
    }

    /**
     * Sends with a cid until the store takes it (a cid makes the resend harmless; {@code unavailable} means it was
     * not stored) and returns the echo.
     */
    static ServerEvent.Message sendUntilStored(TestClient client, String text, String cid) {
        AtomicReference<ServerEvent.Message> echo = new AtomicReference<>();
        await("a store for " + cid).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    client.send(new ClientRequest.SendMsg(text, cid));
                    while (true) {
                        ServerEvent event = client.next();
                        if (event instanceof ServerEvent.Message m && cid.equals(m.cid())) {
                            echo.set(m);
                            return true;
                        }
                        if (event instanceof ServerEvent.Error e) {
                            assertThat(e.code()).as("refusal %s", e).isEqualTo(ErrorCode.UNAVAILABLE);
                            return false;
                        }
                    }
                });
        return echo.get();
    }

    /** The next {@code count} messages, other events skipped. */
    static List<ServerEvent.Message> messages(TestClient client, int count) {
        List<ServerEvent.Message> messages = new ArrayList<>();
        while (messages.size() < count) {
            if (client.next() instanceof ServerEvent.Message m) {
                messages.add(m);
            }
        }
        return messages;
    }

}
