package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mychat.protocol.ClientRequest;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/** The cluster tests' fixtures do what the tests rely on: Redis restarts and freezes, HAProxy balances. */
class ClusterFixturesTest {

    @Test
    void redisKeepsItsDataAcrossARestartWithTheAppendOnlyFileAndLosesItWithout() {
        try (RedisServer redis = RedisServer.start(true)) {
            int port = redis.port();
            assertThat(redis.command("SET", "k", "v")).isEqualTo("OK");
            redis.kill(); // appendfsync always: an acknowledged write survives SIGKILL
            redis.restart(true);
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.command("GET", "k")).isEqualTo("v");
            redis.restart(false);
            assertThat(redis.command("GET", "k")).isNull();
            assertThat(redis.command("CONFIG", "GET", "appendonly")).isEqualTo(List.of("appendonly", "no"));
        }
    }

    @Test
    void aPausedRedisAnswersNothingUntilResumed() {
        try (RedisServer redis = RedisServer.start()) {
            redis.pause();
            assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(UncheckedIOException.class);
            redis.resume();
            assertThat(redis.command("PING")).isEqualTo("PONG");
            assertThat(redis.command("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1024 512 1"))
                    .isEqualTo("OK");
            assertThat(redis.command("CLIENT", "KILL", "TYPE", "pubsub")).isEqualTo(0L);
        }
    }

    @Test
    void haproxySpreadsConnectionsOverAllThreeNodesWithoutStickiness() {
        List<ClusterNode> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            nodes.add(ClusterNode.launch("node" + i, Map.of("CHAT_STORE", "memory")));
        }
        List<TestClient> clients = new ArrayList<>();
        try {
            nodes.forEach(ClusterNode::awaitStarted);
            try (Haproxy haproxy = Haproxy.start(nodes)) {
                // Nodes on the memory store do not share rooms: each client that lands on a node of its own is
                // alone in the room, so three lone members mean three nodes.
                for (int i = 0; i < 3; i++) {
                    TestClient client = TestClient.connect(haproxy.uri(), null);
                    clients.add(client);
                    client.send(new ClientRequest.Join("spread", "c" + i));
                    assertThat(client.expect(ServerEvent.Joined.class).members())
                            .as("members where HAProxy sent c%d; HAProxy said:\n%s", i, haproxy.output()).hasSize(1);
                }
                assertThat(nodes).allMatch(n -> n.readyz() == 200);
            }
        } finally {
            clients.forEach(TestClient::close);
            nodes.forEach(ClusterNode::close);
        }
    }
}
