package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operators' actions in a cluster: asked of one node, they take effect on the other, for members connected
 * there, through Redis.
 */
class ClusterModerationTest {
    private static final AtomicInteger ROOMS = new AtomicInteger();
    private static TestCluster cluster;
    private static AdminHttp admin1;
    private static AdminHttp admin2;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.start("ClusterModerationTest", 2, RedisServer.start(),
                Map.of("CHAT_ADMIN_TOKEN", AdminHttp.TOKEN));
        admin1 = new AdminHttp(cluster.node(1).adminPort(), AdminHttp.TOKEN);
        admin2 = new AdminHttp(cluster.node(2).adminPort(), AdminHttp.TOKEN);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String freshRoom() {
        return "moderated-" + ROOMS.incrementAndGet();
    }

    /** alice on node 1 and bob on node 2, in {@code room}; alice has seen bob come in. */
    private static TestClient[] aliceAndBob(String room) {
        TestClient alice = TestClient.joined(cluster.port(1), room, "alice");
        TestClient bob = TestClient.joined(cluster.port(2), room, "bob");
        assertThat(alice.expect(ServerEvent.UserJoined.class).nick()).isEqualTo("bob");
        return new TestClient[] {alice, bob};
    }

    @Test
    void membersAreListedWithTheirNodesOnEitherNode() {
        String room = freshRoom();
        TestClient[] clients = aliceAndBob(room);
        try (TestClient alice = clients[0]; TestClient bob = clients[1]) {
            HttpResponse<String> members = admin2.get("/api/rooms/" + room + "/members");
            assertThat(members.statusCode()).isEqualTo(200);
            Matcher nodes = Pattern.compile("\"nick\":\"(alice|bob)\",\"node\":\"([0-9a-f]+)\"")
                    .matcher(members.body());
            assertThat(nodes.find()).as(members.body()).isTrue();
            String aliceNode = nodes.group(2);
            assertThat(nodes.find()).as(members.body()).isTrue();
            assertThat(nodes.group(2)).as("alice and bob are on different nodes").isNotEqualTo(aliceNode);
            assertThat(admin1.get("/api/rooms").body()).contains("{\"name\":\"" + room + "\",\"members\":2}");
        }
    }

    @Test
    void aKickAskedOfOneNodeClosesTheMemberOnTheOtherAndEveryoneSeesItLeave() {
        String room = freshRoom();
        TestClient[] clients = aliceAndBob(room);
        try (TestClient alice = clients[0]; TestClient bob = clients[1]) {
            HttpResponse<String> kick = admin1.post("/api/rooms/" + room + "/kick",
                    "{\"nick\":\"bob\",\"reason\":\"flooding\"}");

            assertThat(kick.statusCode()).as(kick.body() + cluster.diagnostics()).isEqualTo(200);
            assertThat(bob.expectError(ErrorCode.KICKED).reason()).isEqualTo("flooding");
            assertThat(bob.awaitCloseCode()).isEqualTo(1008);
            assertThat(alice.expect(ServerEvent.UserLeft.class).nick()).isEqualTo("bob");
            assertThat(admin2.get("/api/rooms/" + room + "/members").body()).doesNotContain("bob");
            try (TestClient bobAgain = TestClient.joined(cluster.port(2), room, "bob")) {
                assertThat(alice.expect(ServerEvent.UserJoined.class).nick()).as("the nick is free again")
                        .isEqualTo("bob");
            }
        }
    }

    @Test
    void aBanMadeOnOneNodeRefusesTheJoinOnTheOther() {
        String room = freshRoom();
        HttpResponse<String> ban = admin2.post("/api/bans",
                "{\"nick\":\"mallory\",\"room\":\"" + room + "\",\"reason\":\"abuse\"}");
        assertThat(ban.statusCode()).as(ban.body()).isEqualTo(201);
        assertThat(admin1.get("/api/bans").body()).contains("\"nick\":\"mallory\"");
        try (TestClient mallory = TestClient.connect(cluster.port(1))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                mallory.send(new ClientRequest.Join(room, "mallory"));
                ServerEvent answer = mallory.next();
                if (answer instanceof ServerEvent.Joined) {
                    mallory.send(new ClientRequest.Leave());
                    return false;
                }
                assertThat(answer).isInstanceOfSatisfying(ServerEvent.Error.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                    assertThat(e.reason()).contains("abuse");
                });
                return true;
            });
        }
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(ban.body());
        assertThat(id.find()).isTrue();
        assertThat(admin1.delete("/api/bans/" + id.group(1)).statusCode()).isEqualTo(200);
        assertThat(admin2.get("/api/bans").body()).doesNotContain("mallory");
    }

    @Test
    void aNoticeReachesMembersOnEveryNode() {
        String room = freshRoom();
        TestClient[] clients = aliceAndBob(room);
        try (TestClient alice = clients[0]; TestClient bob = clients[1]) {
            assertThat(admin2.post("/api/rooms/" + room + "/notice", "{\"text\":\"be nice\"}").statusCode())
                    .isEqualTo(200);

            assertThat(alice.expect(ServerEvent.Notice.class).text()).isEqualTo("be nice");
            assertThat(bob.expect(ServerEvent.Notice.class).text()).isEqualTo("be nice");
            assertThat(admin1.post("/api/rooms/empty-" + room + "/notice", "{\"text\":\"x\"}").statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void aMessageDeletedThroughOneNodeDisappearsOnEveryNode() {
        String room = freshRoom();
        TestClient[] clients = aliceAndBob(room);
        try (TestClient alice = clients[0]; TestClient bob = clients[1]) {
            alice.say("oops");
            long id = alice.expect(ServerEvent.Message.class).id();
            bob.expect(ServerEvent.Message.class);

            assertThat(admin2.delete("/api/rooms/" + room + "/messages/" + id).statusCode()).isEqualTo(200);

            assertThat(alice.expect(ServerEvent.MessageDeleted.class).id()).isEqualTo(id);
            assertThat(bob.expect(ServerEvent.MessageDeleted.class).id()).isEqualTo(id);
            bob.send(ClientRequest.History.newest(10));
            assertThat(bob.expect(ServerEvent.HistoryPage.class).messages()).isEmpty();
            try (TestClient carol = TestClient.connect(cluster.port(1))) {
                carol.send(new ClientRequest.Join(room, "carol"));
                carol.expect(ServerEvent.Joined.class);
                assertThat(carol.expectNothingMoreThenRoomList()).as("no replay of the deleted message")
                        .contains(room);
            }
        }
    }

    @Test
    void closingARoomPutsOutItsMembersOnEveryNode() {
        String room = freshRoom();
        TestClient[] clients = aliceAndBob(room);
        try (TestClient alice = clients[0]; TestClient bob = clients[1]) {
            assertThat(admin1.delete("/api/rooms/" + room).statusCode()).isEqualTo(200);

            alice.expectError(ErrorCode.ROOM_CLOSED);
            bob.expectError(ErrorCode.ROOM_CLOSED);
            assertThat(admin2.get("/api/rooms/" + room + "/members").statusCode()).isEqualTo(404);
            alice.send(new ClientRequest.Join(room, "alice"));
            assertThat(alice.expect(ServerEvent.Joined.class).members()).as("nobody is left, and alice may return")
                    .containsExactly("alice");
        }
    }
}
