package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code Typing}: relayed to the other members of the room, never stored, limited like other requests. */
class TypingIndicatorTest {
    @RegisterExtension
    static final RunningServer running = new RunningServer();

    @Test
    void typingReachesTheOtherMembersButNotTheTyperAndIsNotStored() {
        String room = running.freshRoom();
        try (TestClient alice = TestClient.joined(running.port(), room, "alice");
             TestClient bob = TestClient.joined(running.port(), room, "bob")) {
            alice.expect(ServerEvent.UserJoined.class);

            bob.send(new ClientRequest.Typing());

            assertThat(alice.expect(ServerEvent.Typing.class).nick()).isEqualTo("bob");
            assertThat(bob.expectNothingMoreThenRoomList()).contains(room);
            try (TestClient carol = TestClient.connect(running.port())) {
                carol.send(new ClientRequest.Join(room, "carol"));
                carol.expect(ServerEvent.Joined.class);
                assertThat(carol.expectNothingMoreThenRoomList()).contains(room); // no replay of the hint
            }
        }
    }

    @Test
    void typingOutsideARoomIsAnswered_notInRoom() {
        try (TestClient client = TestClient.connect(running.port())) {
            client.send(new ClientRequest.Typing());
            client.expectError(ErrorCode.NOT_IN_ROOM);
        }
    }

    @Test
    void typingCountsAgainstTheRequestRateLimit() throws Exception {
        try (ChatServer server = ChatServer.start(ServerConfig.forTests(Map.of("CHAT_RATE_REQUESTS", "1",
                "CHAT_RATE_REQUESTS_BURST", "2")));
             TestClient client = TestClient.connect(server.port())) {
            client.send(new ClientRequest.Join("typing-limit", "ann")); // takes the first token
            client.expect(ServerEvent.Joined.class);
            client.send(new ClientRequest.Typing());
            client.send(new ClientRequest.Typing());
            assertThat(client.expectError(ErrorCode.RATE_LIMITED).retryAfterMs()).isPositive();
        }
    }
}
