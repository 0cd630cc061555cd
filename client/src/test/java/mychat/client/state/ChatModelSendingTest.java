package mychat.client.state;

import static mychat.client.state.ChatDriver.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import mychat.protocol.ClientRequest;
import mychat.protocol.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Typing a line and pressing Enter: when it is sent, when it is refused locally, and the help key. */
class ChatModelSendingTest {

    @Test
    void textIsSentToTheRoomAndTheInputIsCleared() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");

        assertThat(chat.enter("hello bob")).containsExactly(send(new ClientRequest.SendMsg("hello bob")));
        assertThat(chat.input()).isEmpty();
    }

    @Test
    void sentTextOnlyAppearsOnceTheServerEchoesIt() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        int before = chat.entryCount();

        chat.enter("hello");
        assertThat(chat.entryCount()).isEqualTo(before);

        chat.message("alice", "hello");
        assertThat(chat.lastEntry()).isEqualTo(new Entry(Entry.Kind.OWN_MESSAGE, ChatDriver.NOW, "alice", "hello"));
    }

    @Test
    void textOutsideARoomIsRefusedWithAnErrorAndKeptInTheInput() {
        ChatDriver chat = ChatDriver.connected();

        assertThat(chat.enter("hello")).isEmpty();

        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.ERROR);
        assertThat(chat.lastEntry().text()).contains("not in a room", "/join <room>");
        assertThat(chat.input()).isEqualTo("hello");
    }

    @Test
    void textWhileAJoinIsPendingAsksToWaitAndKeepsTheInput() {
        ChatDriver chat = ChatDriver.connected();
        chat.enter("/join lobby");

        assertThat(chat.enter("hello")).isEmpty();

        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.ERROR);
        assertThat(chat.lastEntry().text()).contains("still joining lobby");
        assertThat(chat.input()).isEqualTo("hello");
    }

    @Test
    void textWhileDisconnectedIsRefusedWithAnErrorAndKeptInTheInput() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        chat.disconnect();

        assertThat(chat.enter("anyone there?")).isEmpty();

        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.ERROR);
        assertThat(chat.lastEntry().text()).contains("not connected");
        assertThat(chat.input()).isEqualTo("anyone there?");
    }

    @Test
    void textOfExactlyTheByteLimitIsSent() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        String text = "é".repeat(Limits.MAX_TEXT_BYTES / 2); // two UTF-8 bytes each

        assertThat(chat.enter(text)).containsExactly(send(new ClientRequest.SendMsg(text)));
    }

    @Test
    void textOverTheByteLimitIsRefusedLocallyAndKeptInTheInput() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        String text = "é".repeat(1024) + "!"; // 2049 bytes, but only 1025 characters

        assertThat(chat.enter(text)).isEmpty();

        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.ERROR);
        assertThat(chat.lastEntry().text())
                .contains("not sent", "2049 bytes", "limit is 2048", "shorten it by 1 bytes");
        assertThat(chat.input()).isEqualTo(text);
        assertThat(chat.model.inputBytes()).isEqualTo(2049);
    }

    @Test
    void aLineStartingWithTwoSlashesSaysTheLineWithOneSlash() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");

        assertThat(chat.enter("//shrug")).containsExactly(send(new ClientRequest.SendMsg("/shrug")));
    }

    @Test
    void aBlankLineDoesNothing() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        int before = chat.entryCount();

        assertThat(chat.enter("   ")).isEmpty();
        assertThat(chat.press(KeyKind.ENTER)).isEmpty();
        assertThat(chat.entryCount()).isEqualTo(before);
    }

    @Test
    void pastedLineBreaksBecomeSpacesSoAPasteIsOneLine() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");

        chat.type("one\ntwo\r\nthree\rfour");

        assertThat(chat.input()).isEqualTo("one two three four");
        assertThat(chat.press(KeyKind.ENTER)).containsExactly(send(new ClientRequest.SendMsg("one two three four")));
    }

    @Test
    void sendingJumpsBackToTheNewestMessages() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        for (int i = 0; i < 40; i++) {
            chat.message("bob", "line " + i);
        }
        chat.press(KeyKind.PAGE_UP);
        assertThat(chat.model.scrollOffset()).isPositive();

        chat.enter("back to the present");

        assertThat(chat.model.scrollOffset()).isZero();
    }

    // ---- the help overlay -------------------------------------------------------------------------------------

    @Test
    void questionMarkOnAnEmptyLineOpensHelp() {
        ChatDriver chat = ChatDriver.connected();

        assertThat(chat.type("?")).isEmpty();

        assertThat(chat.model.helpVisible()).isTrue();
        assertThat(chat.input()).isEmpty();
    }

    @Test
    void questionMarkOnANonEmptyLineIsJustTyped() {
        ChatDriver chat = ChatDriver.connected();
        chat.type("why");

        chat.type("?");

        assertThat(chat.model.helpVisible()).isFalse();
        assertThat(chat.input()).isEqualTo("why?");
    }

    @ParameterizedTest
    @EnumSource(value = KeyKind.class, names = {"ESC", "ENTER"})
    void escOrEnterClosesHelpWithoutQuittingOrSending(KeyKind key) {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        chat.type("?");

        assertThat(chat.press(key)).isEmpty();

        assertThat(chat.model.helpVisible()).isFalse();
        assertThat(chat.model.connection()).isEqualTo(ChatModel.Connection.CONNECTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"q", "?"})
    void qOrQuestionMarkClosesHelpWithoutBeingTyped(String typed) {
        ChatDriver chat = ChatDriver.connected();
        chat.type("?");

        chat.type(typed);

        assertThat(chat.model.helpVisible()).isFalse();
        assertThat(chat.input()).isEmpty();
    }

    @Test
    void otherKeysLeaveHelpOpenAndDoNothing() {
        ChatDriver chat = ChatDriver.connected();
        chat.type("?");

        List<Effect> effects = chat.type("x");
        chat.press(KeyKind.PAGE_UP);
        chat.press(KeyKind.BACKSPACE);

        assertThat(effects).isEmpty();
        assertThat(chat.model.helpVisible()).isTrue();
        assertThat(chat.input()).isEmpty();
        assertThat(chat.model.scrollOffset()).isZero();
    }

    @Test
    void anInterruptQuitsEvenWhileHelpIsOpen() {
        ChatDriver chat = ChatDriver.connected();
        chat.type("?");

        assertThat(chat.handle(new Input.QuitRequested())).containsExactly(new Effect.Quit());
    }
}
