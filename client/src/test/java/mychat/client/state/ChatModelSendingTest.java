package mychat.client.state;

import static mychat.client.state.ChatDriver.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import mychat.protocol.ClientRequest;
import mychat.protocol.Limits;
import mychat.protocol.Rules;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Typing a line and pressing Enter: when it is sent, when it is refused locally, and the help key. */
class ChatModelSendingTest {

    /** The text of the single SendMsg among {@code effects}, checking it carries an idempotency key. */
    static String sentText(List<Effect> effects) {
        assertThat(effects).hasSize(1);
        assertThat(effects.getFirst()).isInstanceOf(Effect.Send.class);
        ClientRequest request = ((Effect.Send) effects.getFirst()).request();
        assertThat(request).isInstanceOf(ClientRequest.SendMsg.class);
        assertThat(((ClientRequest.SendMsg) request).cid()).isNotBlank();
        return ((ClientRequest.SendMsg) request).text();
    }

    static String sentCid(List<Effect> effects) {
        return ((ClientRequest.SendMsg) ((Effect.Send) effects.getFirst()).request()).cid();
    }

    @Test
    void textIsSentToTheRoomWithAnIdempotencyKeyAndTheInputIsCleared() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");

        assertThat(sentText(chat.enter("hello bob"))).isEqualTo("hello bob");
        assertThat(chat.input()).isEmpty();
    }

    @Test
    void everyLineGetsItsOwnKey() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");

        String first = sentCid(chat.enter("one"));
        chat.enter("two");
        String second = sentCid(chat.receive(new ServerEvent.Message("lobby", 1, "alice", "one", 1L, false, first)));

        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void sentTextShowsAsPendingUntilTheServerEchoesItsKey() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");

        String cid = sentCid(chat.enter("hello"));
        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.PENDING);
        assertThat(chat.lastEntry().text()).isEqualTo("hello");
        int withPending = chat.entryCount();

        chat.receive(new ServerEvent.Message("lobby", 7, "alice", "hello", ChatDriver.NOW, false, cid));
        assertThat(chat.entryCount()).isEqualTo(withPending); // the pending line became the real one
        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.OWN_MESSAGE);
        assertThat(chat.lastEntry().id()).isEqualTo(7);
        assertThat(chat.model.scrollback().entries()).noneMatch(e -> e.kind() == Entry.Kind.PENDING);
    }

    @Test
    void aSecondCopyOfTheSameMessageIdIsNotShownTwice() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");
        ServerEvent.Message m = new ServerEvent.Message("lobby", 3, "bob", "once", 1L, false, null);
        chat.receive(m);
        int count = chat.entryCount();

        chat.receive(m.asHistory());

        assertThat(chat.entryCount()).isEqualTo(count);
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
    void textWhileAJoinIsPendingWaitsForTheJoinAndFreesTheInput() {
        ChatDriver chat = ChatDriver.connected();
        chat.enter("/join lobby");

        assertThat(chat.enter("hello")).isEmpty();
        assertThat(chat.input()).isEmpty();
        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.PENDING);

        assertThat(sentText(chat.receive(new ServerEvent.Joined("lobby", List.of("alice"))))).isEqualTo("hello");
    }

    @Test
    void textWhileReconnectingIsQueuedAndSentWithItsKeyOnceTheRoomIsRejoined() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        chat.disconnect();

        assertThat(chat.enter("anyone there?")).isEmpty();
        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.PENDING);
        assertThat(chat.input()).isEmpty();

        chat.reconnectDue();
        chat.connect();
        List<Effect> afterJoin = chat.receive(new ServerEvent.Joined("lobby", List.of("alice"), true));
        assertThat(sentText(afterJoin)).isEqualTo("anyone there?");
    }

    @Test
    void unconfirmedLinesAreResentWithTheSameKeyAfterAReconnect() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        String cid = sentCid(chat.enter("did this arrive?"));
        chat.disconnect();
        chat.reconnectDue();
        chat.connect();

        List<Effect> afterJoin = chat.receive(new ServerEvent.Joined("lobby", List.of("alice"), true));

        assertThat(sentCid(afterJoin)).isEqualTo(cid);
    }

    @Test
    void textWhileDisconnectedOutsideAnyRoomIsRefusedAndKeptInTheInput() {
        ChatDriver chat = ChatDriver.connected();
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

        assertThat(sentText(chat.enter(text))).isEqualTo(text);
    }

    @Test
    void textOverTheByteLimitIsKeptInTheInputWithAnOfferToSplitIt() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        String text = "é".repeat(1024) + "!"; // 2049 bytes, but only 1025 characters

        assertThat(chat.enter(text)).isEmpty();

        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.WARNING);
        assertThat(chat.lastEntry().text()).contains("2049 bytes", "limit of 2048", "Enter again", "2 messages");
        assertThat(chat.input()).isEqualTo(text);
        assertThat(chat.model.inputBytes()).isEqualTo(2049);
    }

    @Test
    void aLongPasteSplitsAtLineBreaksWhenEnterIsPressedAgainAndItsPartsGoInOrder() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        StringBuilder paste = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            paste.append("line ").append(i).append(" of the snippet ").append("x".repeat(40)).append('\n');
        }
        chat.handle(new Input.Key(KeyKind.PASTE, paste.toString().strip()));
        chat.press(KeyKind.ENTER);

        ClientRequest.SendMsg first = (ClientRequest.SendMsg) ((Effect.Send) chat.press(KeyKind.ENTER).getFirst())
                .request();

        assertThat(chat.input()).isEmpty();
        assertThat(Rules.utf8Length(first.text())).isLessThanOrEqualTo(Limits.MAX_TEXT_BYTES);
        assertThat(first.text()).startsWith("line 1 of").endsWith("x".repeat(40)).contains("\nline 2 of");
        List<String> pending = chat.entries().stream().filter(e -> e.kind() == Entry.Kind.PENDING)
                .map(Entry::text).toList();
        assertThat(String.join("\n", pending)).isEqualTo(paste.toString().strip());
    }

    @Test
    void aPasteWithLineBreaksUnderTheLimitIsOneMessageWithItsLineBreaks() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        chat.handle(new Input.Key(KeyKind.PASTE, "first line\nsecond line"));

        assertThat(sentText(chat.press(KeyKind.ENTER))).isEqualTo("first line\nsecond line");
    }

    @Test
    void aLineStartingWithTwoSlashesSaysTheLineWithOneSlash() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");

        assertThat(sentText(chat.enter("//shrug"))).isEqualTo("/shrug");
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
        assertThat(sentText(chat.press(KeyKind.ENTER))).isEqualTo("one two three four");
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
