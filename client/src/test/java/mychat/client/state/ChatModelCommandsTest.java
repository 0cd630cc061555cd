package mychat.client.state;

import static mychat.client.state.ChatDriver.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import mychat.protocol.ClientRequest;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every slash command as the user types it, and what each one does or says when it cannot. */
class ChatModelCommandsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/rooms", "/list"})
    void roomsAsksTheServerForTheRoomList(String line) {
        ChatDriver chat = ChatDriver.connected();

        assertThat(chat.enter(line)).containsExactly(send(new ClientRequest.ListRooms()));
        assertThat(chat.input()).isEmpty();
    }

    @Test
    void roomsWhileDisconnectedSaysSoAndSendsNothing() {
        ChatDriver chat = ChatDriver.connected();
        chat.disconnect();

        assertThat(chat.enter("/rooms")).isEmpty();
        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.ERROR);
        assertThat(chat.lastEntry().text()).contains("not connected");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/join lobby", "/j lobby", "/join   lobby  "})
    void joinSendsAJoinWithTheCurrentNick(String line) {
        ChatDriver chat = ChatDriver.connected();

        assertThat(chat.enter(line)).containsExactly(send(new ClientRequest.Join("lobby", "alice")));
        assertThat(chat.input()).isEmpty();
    }

    @Test
    void joinOfAnInvalidRoomNameIsRefusedLocally() {
        ChatDriver chat = ChatDriver.connected();
        String tooLong = "r".repeat(65);

        assertThat(chat.enter("/join " + tooLong)).isEmpty();
        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.ERROR);
        assertThat(chat.lastEntry().text()).startsWith("cannot join \"" + tooLong + "\"").contains("64 characters");
    }

    @Test
    void joinWhileDisconnectedSaysSoAndSendsNothing() {
        ChatDriver chat = ChatDriver.connected();
        chat.disconnect();

        assertThat(chat.enter("/join lobby")).isEmpty();
        assertThat(chat.lastEntry().text()).contains("not connected");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/leave", "/part"})
    void leaveSendsLeaveAndEmptiesTheRoomAtOnce(String line) {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");

        assertThat(chat.enter(line)).containsExactly(send(new ClientRequest.Leave()));
        assertThat(chat.model.room()).isEmpty();
        assertThat(chat.model.members()).isEmpty();
        assertThat(chat.lastEntry().text()).isEqualTo("you left lobby");
    }

    @Test
    void leaveOutsideARoomIsAnError() {
        ChatDriver chat = ChatDriver.connected();

        assertThat(chat.enter("/leave")).isEmpty();
        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.ERROR);
        assertThat(chat.lastEntry().text()).isEqualTo("you are not in a room");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/quit", "/exit", "/quit now please"})
    void quitLeavesTheRoomAndQuits(String line) {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");

        assertThat(chat.enter(line)).containsExactly(send(new ClientRequest.Leave()), new Effect.Quit());
    }

    @Test
    void nickChangesTheNickForTheNextJoin() {
        ChatDriver chat = ChatDriver.connected();

        assertThat(chat.enter("/nick bob")).isEmpty();
        assertThat(chat.model.nick()).isEqualTo("bob");
        assertThat(chat.lastEntry().text()).isEqualTo("your nick will be bob from the next /join");

        assertThat(chat.enter("/join lobby")).containsExactly(send(new ClientRequest.Join("lobby", "bob")));
    }

    @Test
    void nickInsideARoomKeepsTheRoomNickUntilYouJoinAgain() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");

        chat.enter("/nick bob");

        assertThat(chat.model.nick()).isEqualTo("alice");
        assertThat(chat.lastEntry().text()).contains("type /join lobby to switch now");

        chat.joinRoom("lobby", "bob");
        assertThat(chat.model.nick()).isEqualTo("bob");
    }

    @Test
    void anInvalidNickIsRefusedAndTheOldOneKept() {
        ChatDriver chat = ChatDriver.connected();
        String tooLong = "n".repeat(33);

        chat.enter("/nick " + tooLong);

        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.ERROR);
        assertThat(chat.lastEntry().text()).startsWith("cannot use \"" + tooLong + "\" as nick");
        assertThat(chat.model.nick()).isEqualTo("alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/help", "/?"})
    void helpOpensTheHelpOverlay(String line) {
        ChatDriver chat = ChatDriver.connected();

        assertThat(chat.enter(line)).isEmpty();
        assertThat(chat.model.helpVisible()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/members", "/names"})
    void membersTogglesTheMemberPanel(String line) {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        assertThat(chat.model.viewport().panelVisible()).isTrue();

        chat.enter(line);
        assertThat(chat.model.viewport().panelVisible()).isFalse();
        assertThat(chat.model.viewport().messageWidth()).isEqualTo(80);

        chat.enter(line);
        assertThat(chat.model.viewport().panelVisible()).isTrue();
    }

    @Test
    void theMembersKeyTogglesThePanelToo() {
        ChatDriver chat = ChatDriver.connected();

        chat.press(KeyKind.TOGGLE_MEMBERS);

        assertThat(chat.model.viewport().membersShown()).isFalse();
    }

    @Test
    void clearEmptiesTheMessageArea() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");
        for (int i = 0; i < 50; i++) {
            chat.message("bob", "spam " + i);
        }
        chat.press(KeyKind.PAGE_UP);

        assertThat(chat.enter("/clear")).isEmpty();

        assertThat(chat.entries()).isEmpty();
        assertThat(chat.model.scrollOffset()).isZero();
        assertThat(chat.model.unseen()).isZero();
        assertThat(chat.model.room()).contains("lobby");
    }

    @Test
    void anUnknownCommandIsNamedWithAHintAboutHelpAndTheSlashEscape() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");

        assertThat(chat.enter("/shrug")).isEmpty();

        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.ERROR);
        assertThat(chat.lastEntry().text()).contains("unknown command /shrug", "/help", "//");
        assertThat(chat.input()).as("a command is taken off the line even when it fails").isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/join           | usage: /join <room>",
            "/join a b       | usage: /join <room>",
            "/nick           | usage: /nick <name>",
            "/nick bob smith | usage: /nick <name>",
            "/rooms all      | /rooms takes no arguments",
            "/leave now      | /leave takes no arguments"})
    void aCommandUsedWronglyShowsHowToUseIt(String line, String hint) {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");

        assertThat(chat.enter(line)).isEmpty();

        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.ERROR);
        assertThat(chat.lastEntry().text()).startsWith(hint);
        assertThat(chat.model.room()).contains("lobby");
    }

    @Test
    void commandsGoIntoTheHistoryEvenWhenTheyFail() {
        ChatDriver chat = ChatDriver.connected();
        chat.enter("/join");

        chat.press(KeyKind.UP);

        assertThat(chat.input()).isEqualTo("/join");
    }

    @Test
    void joiningAnotherRoomMovesYouThere() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");

        assertThat(chat.enter("/join random")).containsExactly(send(new ClientRequest.Join("random", "alice")));
        assertThat(chat.model.room()).as("still in lobby until the server answers").contains("lobby");

        chat.receive(new ServerEvent.Joined("random", List.of("alice", "carol")));
        assertThat(chat.model.room()).contains("random");
        assertThat(chat.model.members()).containsExactly("alice", "carol");
    }
}
