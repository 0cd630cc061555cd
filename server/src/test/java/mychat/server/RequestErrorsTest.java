package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of the spec that answers with an {@code Error}: the right code, nothing broadcast, connection open. */
class RequestErrorsTest {
    @RegisterExtension
    static final RunningServer running = new RunningServer();

    @Test
    void sendMsgBeforeJoinIsNotInRoom() {
        try (TestClient client = TestClient.connect(running.port())) {
            client.say("hello?");
            client.expectError(ErrorCode.NOT_IN_ROOM);
            client.expectNothingMoreThenRoomList();
        }
    }

    @Test
    void leaveBeforeJoinIsNotInRoom() {
        try (TestClient client = TestClient.connect(running.port())) {
            client.send(new ClientRequest.Leave());
            client.expectError(ErrorCode.NOT_IN_ROOM);
            client.expectNothingMoreThenRoomList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "tab\there", "new\nline", "nul\u0000", "nbsp\u00A0", "bell\u0007",
            "thirty-three-characters-long-nick"})
    void invalidNicksAreRefused(String nick) {
        try (TestClient client = TestClient.connect(running.port())) {
            client.send(new ClientRequest.Join(running.freshRoom(), nick));
            client.expectError(ErrorCode.INVALID_NICK);
            client.say("am I in?");
            client.expectError(ErrorCode.NOT_IN_ROOM);
        }
    }

    @Test
    void nickOfExactly32CharactersIncludingEmojiIsAccepted() {
        String nick = "🙂".repeat(32);
        try (TestClient client = TestClient.joined(running.port(), running.freshRoom(), nick)) {
            client.expectNothingMoreThenRoomList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "ctl\u001F", "line\r\nbreak"})
    void invalidRoomsAreRefused(String room) {
        try (TestClient client = TestClient.connect(running.port())) {
            client.send(new ClientRequest.Join(room, "nick"));
            client.expectError(ErrorCode.INVALID_ROOM);
            client.expectNothingMoreThenRoomList();
        }
    }

    @Test
    void roomNamesLongerThan64CharactersAreRefusedAnd64Accepted() {
        try (TestClient client = TestClient.connect(running.port())) {
            client.send(new ClientRequest.Join("r".repeat(65), "nick"));
            client.expectError(ErrorCode.INVALID_ROOM);
            client.send(new ClientRequest.Join("r".repeat(64), "nick"));
            client.expect(ServerEvent.Joined.class);
        }
    }

    @Test
    void nickTakenIsCaseInsensitiveAndTheJoinerStaysOut() {
        String room = running.freshRoom();
        try (TestClient alice = TestClient.joined(running.port(), room, "Alice");
             TestClient copycat = TestClient.connect(running.port())) {
            copycat.send(new ClientRequest.Join(room, "aLICE"));
            copycat.expectError(ErrorCode.NICK_TAKEN);
            copycat.say("sneaky");
            copycat.expectError(ErrorCode.NOT_IN_ROOM);
            assertThat(alice.expectNothingMoreThenRoomList()).contains(room);
        }
    }

    @Test
    void sameNickInAnotherRoomIsFine() {
        try (TestClient a = TestClient.joined(running.port(), running.freshRoom(), "twin");
             TestClient b = TestClient.joined(running.port(), running.freshRoom(), "twin")) {
            b.expectNothingMoreThenRoomList();
        }
    }

    @Test
    void textOver2048BytesIsTooLongAndNothingIsBroadcast() {
        String room = running.freshRoom();
        try (TestClient sender = TestClient.joined(running.port(), room, "sender");
             TestClient listener = TestClient.joined(running.port(), room, "listener")) {
            sender.expect(ServerEvent.UserJoined.class);
            sender.say("é".repeat(1024) + "x"); // 2049 bytes in 1025 characters
            sender.expectError(ErrorCode.TOO_LONG);
            listener.expectNothingMoreThenRoomList();
        }
    }

    @Test
    void textOfExactly2048BytesIsAccepted() {
        String room = running.freshRoom();
        try (TestClient sender = TestClient.joined(running.port(), room, "sender")) {
            String text = "€".repeat(682) + "xx"; // 3 * 682 + 2 = 2048 bytes
            sender.say(text);
            assertThat(sender.expect(ServerEvent.Message.class).text()).isEqualTo(text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n ", "\u3000"})
    void emptyOrWhitespaceTextIsRefusedAndNothingIsBroadcast(String text) {
        String room = running.freshRoom();
        try (TestClient sender = TestClient.joined(running.port(), room, "sender");
             TestClient listener = TestClient.joined(running.port(), room, "listener")) {
            sender.expect(ServerEvent.UserJoined.class);
            sender.say(text);
            sender.expectError(ErrorCode.EMPTY_MESSAGE);
            listener.expectNothingMoreThenRoomList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{", "not json", "[]", "\"Join\"", "42", "null", "{}",
            "{\"type\":\"ListRooms\"} {\"type\":\"ListRooms\"}",
            "{\"type\":\"ListRooms\"}x",
            "{\"type\":\"join\",\"room\":\"r\",\"nick\":\"n\"}",
            "{\"type\":\"Shout\"}",
            "{\"type\":null}",
            "{\"type\":7}",
            "{\"type\":\"Join\",\"room\":\"r\"}",
            "{\"type\":\"Join\",\"room\":null,\"nick\":\"n\"}",
            "{\"type\":\"Join\",\"room\":5,\"nick\":\"n\"}",
            "{\"type\":\"Join\",\"room\":[\"r\"],\"nick\":\"n\"}",
            "{\"type\":\"SendMsg\"}",
            "{\"type\":\"SendMsg\",\"text\":{\"a\":1}}",
            "{\"type\":\"SendMsg\",\"text\":true}",
            "{\"type\":\"SendMsg\",\"text\":\"\\ud800\"}",
            "{\"type\":\"ListRooms\",\"type\":\"Leave\"}"})
    void malformedRequestsAreBadRequestAndTheConnectionStaysOpen(String frame) {
        try (TestClient client = TestClient.connect(running.port())) {
            client.sendText(frame);
            ServerEvent.Error error = client.expectError(ErrorCode.BAD_REQUEST);
            assertThat(error.reason()).isNotBlank();
            client.expectNothingMoreThenRoomList();
        }
    }

    @Test
    void unknownExtraFieldsAreIgnored() {
        String room = running.freshRoom();
        try (TestClient client = TestClient.connect(running.port())) {
            client.sendText("{\"room\":\"" + room + "\",\"nick\":\"n\",\"type\":\"Join\",\"v\":2,"
                    + "\"extra\":{\"nested\":[1,2,{\"x\":null}]}}");
            client.expect(ServerEvent.Joined.class);
            client.sendText("{\"type\":\"SendMsg\",\"text\":\"hi\",\"room\":42}");
            assertThat(client.expect(ServerEvent.Message.class).text()).isEqualTo("hi");
        }
    }

    @Test
    void badRequestInsideARoomIsNotBroadcastAndKeepsMembership() {
        String room = running.freshRoom();
        try (TestClient a = TestClient.joined(running.port(), room, "a");
             TestClient b = TestClient.joined(running.port(), room, "b")) {
            a.expect(ServerEvent.UserJoined.class);
            b.sendText("{\"type\":\"SendMsg\",\"text\":");
            b.expectError(ErrorCode.BAD_REQUEST);
            b.say("still a member");
            assertThat(a.expect(ServerEvent.Message.class).text()).isEqualTo("still a member");
        }
    }
}
