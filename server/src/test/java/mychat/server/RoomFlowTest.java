package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The normal flow of protocol v1 over real WebSocket connections: every request and event row of the spec. */
class RoomFlowTest {
    @RegisterExtension
    static final RunningServer running = new RunningServer();

    @Test
    void offeredSubprotocolIsSelected() {
        URI uri = URI.create("ws://127.0.0.1:" + running.port() + "/");
        try (TestClient client = TestClient.connect(uri, "chat.v1")) {
            assertThat(client.subprotocol()).isEqualTo("chat.v1");
            assertThat(client.expectNothingMoreThenRoomList()).isNotNull();
        }
    }

    @Test
    void noSubprotocolAlsoSpeaksV1AndSlashWsIsAnAlias() {
        URI uri = URI.create("ws://127.0.0.1:" + running.port() + "/ws");
        try (TestClient client = TestClient.connect(uri, null)) {
            assertThat(client.subprotocol()).isEmpty();
            String room = running.freshRoom();
            client.send(new ClientRequest.Join(room, "solo"));
            assertThat(client.expect(ServerEvent.Joined.class).members()).containsExactly("solo");
        }
    }

    @Test
    void joinAnswersWithSortedMembersIncludingJoinerAndTellsTheOthers() {
        String room = running.freshRoom();
        try (TestClient carol = TestClient.joined(running.port(), room, "carol");
             TestClient alice = TestClient.joined(running.port(), room, "alice")) {
            assertThat(carol.expect(ServerEvent.UserJoined.class).nick()).isEqualTo("alice");
            try (TestClient bob = TestClient.connect(running.port())) {
                bob.send(new ClientRequest.Join(room, "bob"));
                ServerEvent.Joined joined = bob.expect(ServerEvent.Joined.class);
                assertThat(joined.room()).isEqualTo(room);
                assertThat(joined.members()).containsExactly("alice", "bob", "carol");
                assertThat(alice.expect(ServerEvent.UserJoined.class).nick()).isEqualTo("bob");
                assertThat(carol.expect(ServerEvent.UserJoined.class).nick()).isEqualTo("bob");
                assertThat(bob.expectNothingMoreThenRoomList()).contains(room);
            }
        }
    }

    @Test
    void messageReachesEveryMemberIncludingSenderWithServerTime() {
        String room = running.freshRoom();
        try (TestClient alice = TestClient.joined(running.port(), room, "alice");
             TestClient bob = TestClient.joined(running.port(), room, "bob")) {
            alice.expect(ServerEvent.UserJoined.class);
            long before = System.currentTimeMillis();
            alice.say("hello, bob 👋");
            ServerEvent.Message toAlice = alice.expect(ServerEvent.Message.class);
            ServerEvent.Message toBob = bob.expect(ServerEvent.Message.class);
            assertThat(toBob).isEqualTo(toAlice);
            assertThat(toBob.from()).isEqualTo("alice");
            assertThat(toBob.text()).isEqualTo("hello, bob 👋");
            assertThat(toBob.ts()).isBetween(before - 1000, System.currentTimeMillis() + 1000);
        }
    }

    @Test
    void textsAndNamesAreRelayedExactlyAsSent() {
        String room = "Café-" + running.freshRoom();
        String decomposed = "Cafe\u0301 ≠ café";
        try (TestClient a = TestClient.joined(running.port(), room, "Zoë");
             TestClient b = TestClient.joined(running.port(), room, "李")) {
            a.expect(ServerEvent.UserJoined.class);
            b.say("  " + decomposed + "\t\u0000 ");
            ServerEvent.Message received = a.expect(ServerEvent.Message.class);
            assertThat(received.from()).isEqualTo("李");
            assertThat(received.text()).isEqualTo("  " + decomposed + "\t\u0000 ");
            assertThat(received.room()).isEqualTo(room);
            assertThat(b.expect(ServerEvent.Message.class)).isEqualTo(received);
        }
    }

    @Test
    void leaveAnnouncesUserLeftAndStopsDelivery() {
        String room = running.freshRoom();
        try (TestClient alice = TestClient.joined(running.port(), room, "alice");
             TestClient bob = TestClient.joined(running.port(), room, "bob")) {
            alice.expect(ServerEvent.UserJoined.class);
            bob.send(new ClientRequest.Leave());
            assertThat(alice.expect(ServerEvent.UserLeft.class).nick()).isEqualTo("bob");
            alice.say("anyone?");
            alice.expect(ServerEvent.Message.class);
            assertThat(bob.expectNothingMoreThenRoomList()).contains(room);
            bob.say("still here?");
            bob.expectError(ErrorCode.NOT_IN_ROOM);
        }
    }

    @Test
    void disconnectWithoutLeaveAnnouncesUserLeft() {
        String room = running.freshRoom();
        try (TestClient alice = TestClient.joined(running.port(), room, "alice")) {
            TestClient bob = TestClient.joined(running.port(), room, "bob");
            alice.expect(ServerEvent.UserJoined.class);
            bob.close();
            assertThat(alice.expect(ServerEvent.UserLeft.class).nick()).isEqualTo("bob");
        }
    }

    @Test
    void joiningAnotherRoomMovesYouAndTheOldRoomSeesUserLeft() {
        String first = running.freshRoom();
        String second = running.freshRoom();
        try (TestClient stay = TestClient.joined(running.port(), first, "stay");
             TestClient mover = TestClient.joined(running.port(), first, "mover");
             TestClient other = TestClient.joined(running.port(), second, "other")) {
            stay.expect(ServerEvent.UserJoined.class);
            mover.send(new ClientRequest.Join(second, "mover"));
            assertThat(mover.expect(ServerEvent.Joined.class))
                    .isEqualTo(new ServerEvent.Joined(second, List.of("mover", "other")));
            assertThat(stay.expect(ServerEvent.UserLeft.class).nick()).isEqualTo("mover");
            assertThat(other.expect(ServerEvent.UserJoined.class).nick()).isEqualTo("mover");
            stay.say("only for the first room");
            stay.expect(ServerEvent.Message.class);
            assertThat(mover.expectNothingMoreThenRoomList()).contains(first, second);
        }
    }

    @Test
    void rejoiningTheSameRoomWithAnotherNickRenames() {
        String room = running.freshRoom();
        try (TestClient alice = TestClient.joined(running.port(), room, "alice");
             TestClient bob = TestClient.joined(running.port(), room, "bob")) {
            alice.expect(ServerEvent.UserJoined.class);
            bob.send(new ClientRequest.Join(room, "robert"));
            assertThat(bob.expect(ServerEvent.Joined.class).members()).containsExactly("alice", "robert");
            assertThat(alice.expect(ServerEvent.UserLeft.class).nick()).isEqualTo("bob");
            assertThat(alice.expect(ServerEvent.UserJoined.class).nick()).isEqualTo("robert");
        }
    }

    @Test
    void roomListHoldsOnlyRoomsWithMembersSortedAndEmptyRoomsDisappear() {
        String b = "zz-list-b-" + running.freshRoom();
        String a = "zz-list-a-" + running.freshRoom();
        try (TestClient observer = TestClient.connect(running.port())) {
            observer.send(new ClientRequest.ListRooms()); // allowed before any Join
            assertThat(observer.expect(ServerEvent.RoomList.class).rooms()).doesNotContain(a, b);
            TestClient inB = TestClient.joined(running.port(), b, "x");
            try (TestClient inA = TestClient.joined(running.port(), a, "y")) {
                List<String> rooms = observer.expectNothingMoreThenRoomList();
                assertThat(rooms).contains(a, b);
                assertThat(rooms).isSorted();
                inB.send(new ClientRequest.Leave());
                assertThat(inB.expectNothingMoreThenRoomList()).doesNotContain(b).contains(a);
                inB.close();
            }
            // a disconnect reaches the room a moment after the close: ask until the room list has caught up
            org.awaitility.Awaitility.await().atMost(TestClient.TIMEOUT).until(() -> {
                observer.send(new ClientRequest.ListRooms());
                return !observer.expect(ServerEvent.RoomList.class).rooms().contains(a);
            });
            assertThat(observer.expectNothingMoreThenRoomList()).doesNotContain(a, b);
        }
    }

    @Test
    void requestsPipelinedBehindJoinAreAnsweredInOrder() {
        String room = running.freshRoom();
        try (TestClient client = TestClient.connect(running.port())) {
            client.send(new ClientRequest.Join(room, "eager"));
            client.say("first words");
            client.send(new ClientRequest.ListRooms());
            assertThat(client.expect(ServerEvent.Joined.class).members()).containsExactly("eager");
            assertThat(client.expect(ServerEvent.Message.class).text()).isEqualTo("first words");
            assertThat(client.expect(ServerEvent.RoomList.class).rooms()).contains(room);
        }
    }
}
