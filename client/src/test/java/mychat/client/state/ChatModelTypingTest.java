package mychat.client.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import mychat.protocol.ClientRequest;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/** Typing indicators: told at most every 3 s while typing, others shown for 5 s after their last notice. */
class ChatModelTypingTest {
    private final AtomicLong now = new AtomicLong(ChatDriver.NOW);
    private final ChatModel model = new ChatModel("ws://test/", "alice", "lobby", ZoneOffset.UTC, now::get);

    ChatModelTypingTest() {
        model.handle(new Input.Connected());
        model.handle(new Input.Received(new ServerEvent.Joined("lobby", List.of("alice", "bob"))));
    }

    private List<Effect> type(String text) {
        return model.handle(Input.Key.typed(text));
    }

    @Test
    void typingIsToldAtOnceThenAtMostEveryThreeSeconds() {
        Effect typing = new Effect.Send(new ClientRequest.Typing());

        assertThat(type("h")).containsExactly(typing);
        now.addAndGet(2_999);
        assertThat(type("e")).isEmpty();
        now.addAndGet(1);
        assertThat(type("y")).containsExactly(typing);
    }

    @Test
    void aCommandBeingTypedIsNotTyping() {
        assertThat(type("/join books")).isEmpty();
    }

    @Test
    void anotherMembersTypingShowsForFiveSecondsOrUntilTheirMessage() {
        model.handle(new Input.Received(new ServerEvent.Typing("bob")));
        assertThat(model.typing()).containsExactly("bob");

        now.addAndGet(4_999);
        assertThat(model.typing()).containsExactly("bob");
        now.addAndGet(1);
        assertThat(model.typing()).isEmpty();

        model.handle(new Input.Received(new ServerEvent.Typing("bob")));
        model.handle(new Input.Received(new ServerEvent.Message("lobby", 1, "bob", "hi", now.get(), false, null)));
        assertThat(model.typing()).isEmpty();
    }
}
