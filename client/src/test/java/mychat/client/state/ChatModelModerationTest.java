package mychat.client.state;

import static org.assertj.core.api.Assertions.assertThat;

import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/** What the model does with the operators' actions: notices, deleted messages, kicks and closed rooms. */
class ChatModelModerationTest {

    @Test
    void aNoticeIsShownAsAWarningWithTheServersTime() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");

        chat.receive(new ServerEvent.Notice("lobby", "maintenance at 22:00", 1_000L));

        assertThat(chat.lastEntry()).isEqualTo(new Entry(Entry.Kind.WARNING, 1_000L, null,
                "notice from the operators: maintenance at 22:00"));
    }

    @Test
    void aDeletedMessageDisappearsFromTheScrollBackAndTheOthersStay() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");
        chat.receive(new ServerEvent.Message("lobby", 7, "bob", "keep me", ChatDriver.NOW, false, null));
        chat.receive(new ServerEvent.Message("lobby", 8, "bob", "spam", ChatDriver.NOW, false, null));

        chat.receive(new ServerEvent.MessageDeleted("lobby", 8));

        assertThat(chat.entries()).extracting(Entry::text).contains("keep me").doesNotContain("spam");
    }

    @Test
    void aDeletionInAnotherRoomRemovesNothingHere() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");
        chat.receive(new ServerEvent.Message("lobby", 8, "bob", "hello", ChatDriver.NOW, false, null));

        chat.receive(new ServerEvent.MessageDeleted("other", 8));

        assertThat(chat.entries()).extracting(Entry::text).contains("hello");
    }

    @Test
    void aKickedUserIsToldWhyAndTheReconnectDoesNotRejoin() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");

        chat.receive(ServerEvent.Error.of(ErrorCode.KICKED, "spamming"));

        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.ERROR);
        assertThat(chat.lastEntry().text()).contains("removed you from lobby", "spamming");
        assertThat(chat.model.room()).isEmpty();
        chat.disconnect();
        chat.reconnectDue();
        assertThat(chat.connect()).doesNotContain(ChatDriver.send(new ClientRequest.Join("lobby", "alice")));
    }

    @Test
    void aClosedRoomLeavesTheUserInNoRoom() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");

        chat.receive(ServerEvent.Error.of(ErrorCode.ROOM_CLOSED, "closed for the night"));

        assertThat(chat.model.room()).isEmpty();
        assertThat(chat.lastEntry().text()).contains("closed lobby", "closed for the night");
    }
}
