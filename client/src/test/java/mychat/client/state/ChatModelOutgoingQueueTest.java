package mychat.client.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/** The outgoing queue: lines paced to the server's rate limit, kept across reconnects, never lost or doubled. */
class ChatModelOutgoingQueueTest {

    private static List<ClientRequest.SendMsg> sends(List<Effect> effects) {
        List<ClientRequest.SendMsg> out = new ArrayList<>();
        for (Effect e : effects) {
            if (e instanceof Effect.Send s && s.request() instanceof ClientRequest.SendMsg m) {
                out.add(m);
            }
        }
        return out;
    }

    private static ServerEvent.Message echo(ClientRequest.SendMsg m, long id) {
        return new ServerEvent.Message("lobby", id, "alice", m.text(), ChatDriver.NOW, false, m.cid());
    }

    private static ServerEvent.Error rateLimited(long retryAfterMs) {
        return ServerEvent.Error.rateLimited("messages", retryAfterMs);
    }

    @Test
    void linesTypedQuicklyGoOneAtATimeEachAfterTheServerConfirmedThePrevious() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");

        ClientRequest.SendMsg first = sends(chat.enter("one")).getFirst();
        assertThat(sends(chat.enter("two"))).isEmpty();
        assertThat(sends(chat.enter("three"))).isEmpty();
        assertThat(chat.input()).isEmpty();
        assertThat(chat.entries()).filteredOn(e -> e.kind() == Entry.Kind.PENDING).hasSize(3);

        ClientRequest.SendMsg second = sends(chat.receive(echo(first, 1))).getFirst();
        assertThat(second.text()).isEqualTo("two");
        ClientRequest.SendMsg third = sends(chat.receive(echo(second, 2))).getFirst();
        assertThat(third.text()).isEqualTo("three");
        assertThat(sends(chat.receive(echo(third, 3)))).isEmpty();
        assertThat(chat.entries()).noneMatch(e -> e.kind() == Entry.Kind.PENDING);
    }

    @Test
    void aRateLimitedLineWaitsTheDelayTheServerGaveAndGoesAgainWithTheSameKey() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        ClientRequest.SendMsg first = sends(chat.enter("one")).getFirst();
        chat.enter("two");

        List<Effect> refused = chat.receive(rateLimited(250));

        assertThat(refused).containsExactly(new Effect.ScheduleSend(Duration.ofMillis(250)));
        assertThat(chat.entries()).noneMatch(e -> e.kind() == Entry.Kind.ERROR);
        assertThat(chat.input()).isEmpty();
        assertThat(sends(chat.enter("three"))).isEmpty(); // still waiting: nothing jumps the queue
        assertThat(sends(chat.handle(new Input.SendDue()))).containsExactly(first);
    }

    @Test
    void aRefusalWithoutADelayWaitsOneSecond() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        chat.enter("one");

        List<Effect> refused = chat.receive(new ServerEvent.Error(ErrorCode.RATE_LIMITED, "too many messages",
                null, null, null, null));

        assertThat(refused).containsExactly(new Effect.ScheduleSend(Duration.ofSeconds(1)));
    }

    @Test
    void aRefusedRequestThatIsNotAChatLineLeavesTheQueueAlone() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        chat.enter("one");

        List<Effect> effects = chat.receive(ServerEvent.Error.rateLimited("requests", 500));

        assertThat(effects).isEmpty();
        assertThat(chat.lastEntry().text()).contains("slow down");
    }

    @Test
    void aLineTheServerCouldNotStoreGoesAgainUnderTheSameKey() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        ClientRequest.SendMsg first = sends(chat.enter("one")).getFirst();

        assertThat(chat.receive(ServerEvent.Error.of(ErrorCode.UNAVAILABLE)))
                .containsExactly(new Effect.ScheduleSend(Outbox.DEFAULT_RETRY));
        assertThat(sends(chat.handle(new Input.SendDue()))).containsExactly(first);
    }

    @Test
    void pendingLinesSurviveAReconnectAndAreConfirmedOnceWhetherTheReplayOrTheResendConfirmsThem() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        ClientRequest.SendMsg first = sends(chat.enter("one")).getFirst();
        chat.enter("two");
        chat.enter("three");
        chat.disconnect();
        chat.reconnectDue();
        assertThat(sends(chat.connect())).isEmpty(); // the room is not rejoined yet

        // The server had stored "one" before the connection dropped: the resend of it is answered with the
        // original message, and the replay after the rejoin carries it too.
        List<ClientRequest.SendMsg> resent = sends(chat.receive(new ServerEvent.Joined("lobby", List.of("alice"),
                true)));
        assertThat(resent).containsExactly(first);
        ClientRequest.SendMsg second = sends(chat.receive(echo(first, 1).asHistory())).getFirst();
        assertThat(second.text()).isEqualTo("two");
        assertThat(sends(chat.receive(echo(first, 1)))).isEmpty(); // the resend's answer: the same id, once
        ClientRequest.SendMsg third = sends(chat.receive(echo(second, 2))).getFirst();
        chat.receive(echo(third, 3));

        assertThat(chat.entries()).filteredOn(Entry::isMessage).extracting(Entry::text)
                .containsExactly("one", "two", "three");
        assertThat(chat.entries()).noneMatch(e -> e.kind() == Entry.Kind.PENDING);
    }

    @Test
    void aLineRefusedForGoodIsDroppedFromTheQueueAndPutBackInTheInput() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        chat.enter("   x");
        chat.enter("next");

        List<Effect> effects = chat.receive(ServerEvent.Error.of(ErrorCode.EMPTY_MESSAGE));

        assertThat(sends(effects)).extracting(ClientRequest.SendMsg::text).containsExactly("next");
        assertThat(chat.input()).isEqualTo("   x");
    }
}
