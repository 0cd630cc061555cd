package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The moderation API over real HTTP, with real chat clients watching each action take effect. */
class AdminApiTest {
    @RegisterExtension
    static final RunningServer server = new RunningServer(Map.of("CHAT_ADMIN_ADDR", "127.0.0.1:0",
            "CHAT_ADMIN_TOKEN", AdminHttp.TOKEN));

    private final AdminHttp admin = new AdminHttp(server.server());

    private static long banId(HttpResponse<String> created) {
        Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(created.body());
        assertThat(m.find()).as("an id in %s", created.body()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Joins and returns the next event: {@code Joined} or the refusal. */
    private static ServerEvent tryJoin(TestClient client, String room, String nick) {
        client.send(new ClientRequest.Join(room, nick));
        ServerEvent event = client.next();
        while (event instanceof ServerEvent.Message) { // a replay
            event = client.next();
        }
        return event;
    }

    // ---- listing ----------------------------------------------------------------------------------------------

    @Test
    void roomsAreListedWithTheirMemberCountsAndMembersWithTheirAddress() {
        String room = server.freshRoom();
        try (TestClient alice = TestClient.joined(server.port(), room, "alice");
             TestClient bob = TestClient.joined(server.port(), room, "bob")) {
            alice.expect(ServerEvent.UserJoined.class);

            HttpResponse<String> rooms = admin.get("/api/rooms");
            assertThat(rooms.statusCode()).isEqualTo(200);
            assertThat(rooms.headers().firstValue("content-type")).contains("application/json");
            assertThat(rooms.body()).contains("{\"name\":\"" + room + "\",\"members\":2}");

            HttpResponse<String> members = admin.get("/api/rooms/" + room + "/members");
            assertThat(members.statusCode()).isEqualTo(200);
            assertThat(members.body()).startsWith("{\"room\":\"" + room + "\",\"members\":[{\"nick\":\"alice\"")
                    .contains("\"nick\":\"bob\"").contains("\"address\":\"127.0.0.1\"");
            assertThat(admin.get("/api/rooms/nobody-here/members").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void roomNamesAreUrlEncodedInPaths() {
        String room = "ünï/" + server.freshRoom() + "+x";
        try (TestClient alice = TestClient.joined(server.port(), room, "alice")) {
            HttpResponse<String> members = admin.get("/api/rooms/" + AdminHttp.segment(room) + "/members");
            assertThat(members.statusCode()).as(members.body()).isEqualTo(200);
            assertThat(members.body()).contains("\"nick\":\"alice\"");
        }
    }

    // ---- kick -------------------------------------------------------------------------------------------------

    @Test
    void aKickedMemberIsToldWhyTheRoomSeesItLeaveAndItsConnectionClosesWith1008() {
        String room = server.freshRoom();
        try (TestClient alice = TestClient.joined(server.port(), room, "alice");
             TestClient bob = TestClient.joined(server.port(), room, "bob")) {
            alice.expect(ServerEvent.UserJoined.class);

            HttpResponse<String> kick = admin.post("/api/rooms/" + room + "/kick",
                    "{\"nick\":\"BOB\",\"reason\":\"spamming links\"}");

            assertThat(kick.statusCode()).as(kick.body()).isEqualTo(200);
            assertThat(bob.expectError(ErrorCode.KICKED).reason()).isEqualTo("spamming links");
            assertThat(bob.awaitCloseCode()).isEqualTo(1008);
            assertThat(alice.expect(ServerEvent.UserLeft.class).nick()).isEqualTo("bob");
            assertThat(admin.get("/api/rooms/" + room + "/members").body()).doesNotContain("bob");
            assertThat(admin.post("/api/rooms/" + room + "/kick", "{\"nick\":\"bob\"}").statusCode())
                    .as("bob is gone").isEqualTo(404);
        }
    }

    @Test
    void aKickedUserMayComeBackUnlessBanned() {
        String room = server.freshRoom();
        try (TestClient bob = TestClient.joined(server.port(), room, "bob")) {
            admin.post("/api/rooms/" + room + "/kick", "{\"nick\":\"bob\"}");
            assertThat(bob.expectError(ErrorCode.KICKED).reason()).isEqualTo("kicked by an operator");
        }
        try (TestClient again = TestClient.joined(server.port(), room, "bob")) {
            assertThat(again.expectNothingMoreThenRoomList()).contains(room);
        }
    }

    // ---- bans -------------------------------------------------------------------------------------------------

    @Test
    void aBannedNickIsRefusedForbiddenWithTheReasonUntilUnbanned() {
        String room = server.freshRoom();
        HttpResponse<String> ban = admin.post("/api/bans",
                "{\"nick\":\"mallory\",\"room\":\"" + room + "\",\"reason\":\"trolling\"}");
        assertThat(ban.statusCode()).as(ban.body()).isEqualTo(201);
        long id = banId(ban);
        assertThat(admin.get("/api/bans").body()).contains("\"id\":" + id + ",\"nick\":\"mallory\",\"room\":\""
                + room + "\"").contains("\"reason\":\"trolling\"");

        try (TestClient mallory = TestClient.connect(server.port())) {
            ServerEvent refused = tryJoin(mallory, room, "Mallory");
            assertThat(refused).isInstanceOf(ServerEvent.Error.class);
            ServerEvent.Error error = (ServerEvent.Error) refused;
            assertThat(error.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(error.reason()).contains("banned", room, "trolling");
            assertThat(tryJoin(mallory, "elsewhere-" + room, "mallory")).as("other rooms stay open")
                    .isInstanceOf(ServerEvent.Joined.class);

            assertThat(admin.delete("/api/bans/" + id).statusCode()).isEqualTo(200);
            assertThat(admin.delete("/api/bans/" + id).statusCode()).as("lifted already").isEqualTo(404);
            assertThat(admin.get("/api/bans").body()).doesNotContain("\"id\":" + id + ",");
            assertThat(tryJoin(mallory, room, "mallory")).isInstanceOf(ServerEvent.Joined.class);
        }
    }

    @Test
    void anAddressBanRefusesEveryNickFromThatAddress() {
        String room = server.freshRoom();
        long id = banId(admin.post("/api/bans", "{\"address\":\"127.0.0.1\",\"room\":\"" + room
                + "\",\"reason\":\"flooding\"}"));
        try (TestClient client = TestClient.connect(server.port())) {
            assertThat(tryJoin(client, room, "anyone")).isInstanceOfSatisfying(ServerEvent.Error.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
            assertThat(tryJoin(client, room, "someone-else")).isInstanceOf(ServerEvent.Error.class);
        } finally {
            admin.delete("/api/bans/" + id);
        }
    }

    @Test
    void aBanForADurationEndsByItself() {
        String room = server.freshRoom();
        admin.post("/api/bans", "{\"nick\":\"brief\",\"room\":\"" + room + "\",\"duration_s\":1,"
                + "\"reason\":\"cool down\"}");
        try (TestClient client = TestClient.connect(server.port())) {
            assertThat(tryJoin(client, room, "brief")).isInstanceOf(ServerEvent.Error.class);
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> tryJoin(client, room, "brief") instanceof ServerEvent.Joined);
        }
    }

    // ---- deleting a message -----------------------------------------------------------------------------------

    @Test
    void aDeletedMessageIsRemovedLiveAndNeitherHistoryNorReplayReturnsIt() {
        String room = server.freshRoom();
        try (TestClient alice = TestClient.joined(server.port(), room, "alice");
             TestClient bob = TestClient.joined(server.port(), room, "bob")) {
            alice.expect(ServerEvent.UserJoined.class);
            alice.say("keep me");
            long kept = alice.expect(ServerEvent.Message.class).id();
            bob.expect(ServerEvent.Message.class);
            alice.say("spam");
            long spam = alice.expect(ServerEvent.Message.class).id();
            bob.expect(ServerEvent.Message.class);

            HttpResponse<String> delete = admin.delete("/api/rooms/" + room + "/messages/" + spam);

            assertThat(delete.statusCode()).as(delete.body()).isEqualTo(200);
            assertThat(alice.expect(ServerEvent.MessageDeleted.class)).isEqualTo(
                    new ServerEvent.MessageDeleted(room, spam));
            assertThat(bob.expect(ServerEvent.MessageDeleted.class).id()).isEqualTo(spam);
            alice.send(ClientRequest.History.newest(50));
            assertThat(alice.expect(ServerEvent.HistoryPage.class).messages())
                    .extracting(ServerEvent.Message::id).containsExactly(kept);
            try (TestClient carol = TestClient.connect(server.port())) {
                carol.send(new ClientRequest.Join(room, "carol"));
                carol.expect(ServerEvent.Joined.class);
                assertThat(carol.expect(ServerEvent.Message.class).id()).isEqualTo(kept);
                assertThat(carol.expectNothingMoreThenRoomList()).contains(room);
            }
            assertThat(alice.expect(ServerEvent.UserJoined.class).nick()).isEqualTo("carol");
            alice.expect(ServerEvent.UserLeft.class);
            alice.say("after");
            assertThat(alice.expect(ServerEvent.Message.class).id()).as("ids go on").isEqualTo(spam + 1);
            assertThat(admin.delete("/api/rooms/" + room + "/messages/" + spam).statusCode())
                    .as("deleted already").isEqualTo(404);
            assertThat(admin.delete("/api/rooms/" + room + "/messages/99999").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aResendOfADeletedMessageIsNotStoredAgainAndItsSenderLearnsItWasDeleted() {
        String room = server.freshRoom();
        try (TestClient alice = TestClient.joined(server.port(), room, "alice")) {
            alice.send(new ClientRequest.SendMsg("regret", "c-1"));
            long id = alice.expect(ServerEvent.Message.class).id();
            admin.delete("/api/rooms/" + room + "/messages/" + id);
            alice.expect(ServerEvent.MessageDeleted.class);

            alice.send(new ClientRequest.SendMsg("regret", "c-1"));

            assertThat(alice.expect(ServerEvent.MessageDeleted.class)).isEqualTo(
                    new ServerEvent.MessageDeleted(room, id));
            alice.send(ClientRequest.History.newest(10));
            assertThat(alice.expect(ServerEvent.HistoryPage.class).messages()).isEmpty();
        }
    }

    @Test
    void aResumeAcrossADeletedIdSeesTheRestAsRecovered() {
        String room = server.freshRoom();
        try (TestClient alice = TestClient.joined(server.port(), room, "alice")) {
            alice.say("one");
            long one = alice.expect(ServerEvent.Message.class).id();
            alice.say("two");
            long two = alice.expect(ServerEvent.Message.class).id();
            alice.say("three");
            long three = alice.expect(ServerEvent.Message.class).id();
            admin.delete("/api/rooms/" + room + "/messages/" + two);
            alice.expect(ServerEvent.MessageDeleted.class);
            try (TestClient back = TestClient.connect(server.port())) {
                back.send(new ClientRequest.Join(room, "back", one));
                assertThat(back.expect(ServerEvent.Joined.class).recovered()).isTrue();
                assertThat(back.expect(ServerEvent.Message.class).id()).isEqualTo(three);
                assertThat(back.expectNothingMoreThenRoomList()).contains(room);
            }
        }
    }

    // ---- notices and closing ----------------------------------------------------------------------------------

    @Test
    void aNoticeReachesEveryMember() {
        String room = server.freshRoom();
        try (TestClient alice = TestClient.joined(server.port(), room, "alice");
             TestClient bob = TestClient.joined(server.port(), room, "bob")) {
            alice.expect(ServerEvent.UserJoined.class);

            HttpResponse<String> notice = admin.post("/api/rooms/" + room + "/notice",
                    "{\"text\":\"maintenance at 22:00 UTC\"}");

            assertThat(notice.statusCode()).as(notice.body()).isEqualTo(200);
            for (TestClient member : List.of(alice, bob)) {
                ServerEvent.Notice received = member.expect(ServerEvent.Notice.class);
                assertThat(received.room()).isEqualTo(room);
                assertThat(received.text()).isEqualTo("maintenance at 22:00 UTC");
                assertThat(received.ts()).isPositive();
            }
        }
    }

    @Test
    void closingARoomPutsEveryMemberOutWithRoomClosed() {
        String room = server.freshRoom();
        try (TestClient alice = TestClient.joined(server.port(), room, "alice");
             TestClient bob = TestClient.joined(server.port(), room, "bob")) {
            alice.expect(ServerEvent.UserJoined.class);

            HttpResponse<String> close = admin.send("DELETE", "/api/rooms/" + room, "{\"reason\":\"night\"}");

            assertThat(close.statusCode()).as(close.body()).isEqualTo(200);
            assertThat(alice.expectError(ErrorCode.ROOM_CLOSED).reason()).isEqualTo("night");
            assertThat(bob.expectError(ErrorCode.ROOM_CLOSED).reason()).isEqualTo("night");
            alice.say("anyone?");
            alice.expectError(ErrorCode.NOT_IN_ROOM);
            assertThat(admin.get("/api/rooms/" + room + "/members").statusCode()).isEqualTo(404);
            assertThat(admin.delete("/api/rooms/" + room).statusCode()).as("closed already").isEqualTo(404);
            assertThat(tryJoin(alice, room, "alice")).as("anyone may join again")
                    .isInstanceOf(ServerEvent.Joined.class);
        }
    }

    // ---- the audit trail ---------------------------------------------------------------------------------------

    @Test
    void everyActionLeavesAnAuditLineSayingWhoWhatAndWhen() {
        ch.qos.logback.classic.Logger audit = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("mychat.audit");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        audit.addAppender(lines);
        String room = server.freshRoom();
        long before = System.currentTimeMillis();
        try (TestClient bob = TestClient.joined(server.port(), room, "bob")) {
            admin.post("/api/rooms/" + room + "/kick", "{\"nick\":\"bob\",\"reason\":\"rude\"}");
            bob.expectError(ErrorCode.KICKED);
            admin.post("/api/rooms/" + room + "/notice", "{\"text\":\"two\\nlines\"}");
            new AdminHttp(server.server(), "wrong-token-0123456789").get("/api/rooms");
        } finally {
            audit.detachAppender(lines);
        }
        List<String> messages = lines.list.stream().map(e -> e.getFormattedMessage()).toList();
        assertThat(messages).anySatisfy(line -> assertThat(line).contains("test-operator (127.0.0.1) kick",
                "room=" + room, "nick=bob", "reason=rude", "DONE".toLowerCase()));
        assertThat(messages).anySatisfy(line -> assertThat(line).contains("refused: missing or wrong token"));
        assertThat(messages).as("one line each, whatever the reason holds").allSatisfy(line ->
                assertThat(line).doesNotContain("\n"));
        ch.qos.logback.classic.spi.ILoggingEvent kick = lines.list.stream()
                .filter(e -> e.getFormattedMessage().contains(" kick ")).findFirst().orElseThrow();
        assertThat(kick.getTimeStamp()).isBetween(before, System.currentTimeMillis());
        assertThat(kick.getKeyValuePairs()).extracting(kv -> kv.key + "=" + kv.value)
                .contains("operator=test-operator", "action=kick", "outcome=done", "room=" + room, "nick=bob");
    }

    @Test
    void bansSurviveARestartOfAServerWithItsSqliteFile(@TempDir Path data) throws Exception {
        Map<String, String> env = Map.of("CHAT_ADMIN_ADDR", "127.0.0.1:0", "CHAT_ADMIN_TOKEN", AdminHttp.TOKEN,
                "CHAT_STORE", "sqlite", "CHAT_DATA_DIR", data.toString());
        try (ChatServer first = ChatServer.start(ServerConfig.forTests(env))) {
            assertThat(new AdminHttp(first).post("/api/bans", "{\"nick\":\"mallory\",\"reason\":\"for good\"}")
                    .statusCode()).isEqualTo(201);
        }
        try (ChatServer second = ChatServer.start(ServerConfig.forTests(env));
             TestClient mallory = TestClient.connect(second.port())) {
            assertThat(new AdminHttp(second).get("/api/bans").body()).contains("\"nick\":\"mallory\"");
            assertThat(tryJoin(mallory, "anywhere", "mallory")).isInstanceOfSatisfying(ServerEvent.Error.class,
                    e -> assertThat(e.reason()).contains("every room", "for good"));
        }
    }
}
