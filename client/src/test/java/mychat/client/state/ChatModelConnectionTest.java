package mychat.client.state;

import static mychat.client.state.ChatDriver.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mychat.client.state.ChatModel.Connection;
import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/** Connecting, losing the connection, backing off, reconnecting and rejoining, and quitting. */
class ChatModelConnectionTest {

    @Test
    void aNewModelIsConnectingAndInNoRoom() {
        ChatDriver chat = ChatDriver.fresh();

        assertThat(chat.model.connection()).isEqualTo(Connection.CONNECTING);
        assertThat(chat.model.room()).isEmpty();
        assertThat(chat.model.nick()).isEqualTo("alice");
        assertThat(chat.model.server()).isEqualTo("ws://test/");
        assertThat(chat.entries()).isEmpty();
    }

    @Test
    void theFirstConnectAsksForTheRoomListAndExplainsHowToStart() {
        ChatDriver chat = ChatDriver.fresh();

        List<Effect> effects = chat.connect();

        assertThat(effects).containsExactly(send(new ClientRequest.ListRooms()));
        assertThat(chat.model.connection()).isEqualTo(Connection.CONNECTED);
        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.INFO);
        assertThat(chat.lastEntry().text()).contains("connected to ws://test/", "/join <room>", "? for help");
        assertThat(chat.lastEntry().timeMillis()).isEqualTo(ChatDriver.NOW);
    }

    @Test
    void theRoomGivenAtStartIsJoinedRightAfterTheFirstConnect() {
        ChatDriver chat = ChatDriver.withAutoJoin("lobby");

        assertThat(chat.connect()).containsExactly(
                send(new ClientRequest.ListRooms()),
                send(new ClientRequest.Join("lobby", "alice")));

        chat.receive(new ServerEvent.Joined("lobby", List.of("alice")));
        assertThat(chat.model.room()).contains("lobby");
    }

    @Test
    void losingTheConnectionWarnsAndSchedulesAReconnectAfterOneSecond() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");

        List<Effect> effects = chat.disconnect();

        assertThat(effects).containsExactly(new Effect.ScheduleReconnect(Duration.ofSeconds(1)));
        assertThat(chat.model.connection()).isEqualTo(Connection.RECONNECTING);
        assertThat(chat.model.retryDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.WARNING);
        assertThat(chat.lastEntry().text()).contains("connection lost", "connection reset", "reconnecting");
        assertThat(chat.model.room()).isEmpty();
        assertThat(chat.model.members()).isEmpty();
    }

    @Test
    void whenTheReconnectIsDueTheModelAsksForANewConnection() {
        ChatDriver chat = ChatDriver.connected();
        chat.disconnect();

        assertThat(chat.reconnectDue()).containsExactly(new Effect.Connect());
        assertThat(chat.model.connection()).isEqualTo(Connection.CONNECTING);
    }

    @Test
    void aReconnectDueWhileConnectedIsIgnored() {
        ChatDriver chat = ChatDriver.connected();

        assertThat(chat.reconnectDue()).isEmpty();
        assertThat(chat.model.connection()).isEqualTo(Connection.CONNECTED);
    }

    @Test
    void everyFailedAttemptDoublesTheDelayUpToThirtySeconds() {
        ChatDriver chat = ChatDriver.connected();
        List<Duration> delays = new ArrayList<>();

        for (int attempt = 0; attempt < 8; attempt++) {
            List<Effect> effects = chat.disconnect();
            assertThat(effects).singleElement().isInstanceOf(Effect.ScheduleReconnect.class);
            delays.add(((Effect.ScheduleReconnect) effects.getFirst()).delay());
            chat.reconnectDue();
        }

        assertThat(delays).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    @Test
    void onlyTheFirstLossOfAConnectionIsAnnounced() {
        ChatDriver chat = ChatDriver.connected();
        chat.disconnect();
        int entries = chat.entryCount();

        chat.reconnectDue();
        chat.disconnect();

        assertThat(chat.entryCount()).isEqualTo(entries);
    }

    @Test
    void aSuccessfulReconnectStartsTheBackoffOver() {
        ChatDriver chat = ChatDriver.connected();
        chat.disconnect();
        chat.reconnectDue();
        chat.disconnect();
        chat.reconnectDue();
        assertThat(chat.model.retryDelay()).isEqualTo(Duration.ofSeconds(2));

        chat.connect();
        assertThat(chat.model.retryDelay()).isZero();

        assertThat(chat.disconnect()).containsExactly(new Effect.ScheduleReconnect(Duration.ofSeconds(1)));
    }

    @Test
    void reconnectingRejoinsTheRoomYouWereInWithoutAskingForTheRoomListAgain() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");
        chat.disconnect();
        chat.reconnectDue();

        List<Effect> effects = chat.connect();

        assertThat(effects).containsExactly(send(new ClientRequest.Join("lobby", "alice")));
        assertThat(chat.lastEntry().text()).contains("reconnected", "joining lobby again");
        chat.receive(new ServerEvent.Joined("lobby", List.of("alice", "bob")));
        assertThat(chat.model.room()).contains("lobby");
        assertThat(chat.model.members()).containsExactly("alice", "bob");
    }

    @Test
    void aRoomThatWasStillBeingJoinedIsJoinedAgainAfterAReconnect() {
        ChatDriver chat = ChatDriver.connected();
        chat.enter("/join lobby");
        chat.disconnect();
        chat.reconnectDue();

        assertThat(chat.connect()).containsExactly(send(new ClientRequest.Join("lobby", "alice")));
    }

    @Test
    void theRoomGivenAtStartIsJoinedEvenWhenTheFirstConnectionOnlyCameAfterRetries() {
        ChatDriver chat = ChatDriver.withAutoJoin("lobby");
        chat.disconnect();
        chat.reconnectDue();

        assertThat(chat.connect()).containsExactly(
                send(new ClientRequest.ListRooms()),
                send(new ClientRequest.Join("lobby", "alice")));
    }

    @Test
    void reconnectingOutsideARoomJustSaysSo() {
        ChatDriver chat = ChatDriver.connected();
        chat.disconnect();
        chat.reconnectDue();

        assertThat(chat.connect()).isEmpty();
        assertThat(chat.lastEntry().text()).isEqualTo("reconnected");
    }

    @Test
    void aRoomYouLeftIsNotRejoinedAfterAReconnect() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        chat.enter("/leave");
        chat.disconnect();
        chat.reconnectDue();

        assertThat(chat.connect()).isEmpty();
    }

    @Test
    void aRoomYouWereMovedOutOfByATakenNickIsNotRejoinedAfterAReconnect() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");
        chat.enter("/join random");
        chat.receive(ServerEvent.Error.of(ErrorCode.NICK_TAKEN)); // the server took us out of lobby first
        chat.disconnect();
        chat.reconnectDue();

        assertThat(chat.connect()).isEmpty();
        assertThat(chat.model.room()).isEmpty();
    }

    @Test
    void escLeavesTheRoomAndQuits() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");

        assertThat(chat.press(KeyKind.ESC)).containsExactly(send(new ClientRequest.Leave()), new Effect.Quit());
        assertThat(chat.model.connection()).isEqualTo(Connection.QUITTING);
    }

    @Test
    void anInterruptLeavesTheRoomAndQuits() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");

        assertThat(chat.handle(new Input.QuitRequested()))
                .containsExactly(send(new ClientRequest.Leave()), new Effect.Quit());
    }

    @Test
    void quittingOutsideARoomOnlyQuits() {
        assertThat(ChatDriver.connected().press(KeyKind.ESC)).containsExactly(new Effect.Quit());
    }

    @Test
    void quittingWhileDisconnectedSendsNothing() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        chat.disconnect();

        assertThat(chat.handle(new Input.QuitRequested())).containsExactly(new Effect.Quit());
    }

    @Test
    void afterQuittingConnectionNewsIsIgnored() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        chat.press(KeyKind.ESC);

        assertThat(chat.disconnect()).isEmpty();
        assertThat(chat.connect()).isEmpty();
        assertThat(chat.reconnectDue()).isEmpty();
        assertThat(chat.model.connection()).isEqualTo(Connection.QUITTING);
    }

    @Test
    void aRejoinRefusedBecauseTheOldConnectionStillHoldsTheNickIsTriedAgainUntilItPasses() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        chat.message("bob", "hi");
        chat.disconnect();
        chat.reconnectDue();
        chat.connect();

        List<Effect> refused = chat.receive(ServerEvent.Error.of(ErrorCode.NICK_TAKEN));

        assertThat(refused).containsExactly(new Effect.ScheduleRejoin(RoomState.REJOIN_RETRY));
        assertThat(chat.lastEntry().text()).contains("still held", "trying again");
        assertThat(chat.handle(new Input.RejoinDue()))
                .containsExactly(ChatDriver.send(new ClientRequest.Join("lobby", "alice", 1L)));
        chat.receive(new ServerEvent.Joined("lobby", List.of("alice", "bob"), true));
        assertThat(chat.model.room()).contains("lobby");
    }
}
