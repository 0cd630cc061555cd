package mychat.client.state;

import static org.assertj.core.api.Assertions.assertThat;

import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/** The input line as the model drives it: editing keys, Up/Down history and Tab completion. */
class ChatModelEditingTest {

    @Test
    void editingKeysChangeTheLine() {
        ChatDriver chat = ChatDriver.connected();
        chat.type("hello wrld");

        chat.press(KeyKind.LEFT);
        chat.press(KeyKind.LEFT);
        chat.press(KeyKind.LEFT);
        chat.type("o");
        assertThat(chat.input()).isEqualTo("hello world");

        chat.press(KeyKind.BACKSPACE);
        chat.press(KeyKind.DELETE);
        assertThat(chat.input()).isEqualTo("hello wld");

        chat.press(KeyKind.RIGHT);
        chat.press(KeyKind.CTRL_W);
        assertThat(chat.input()).isEqualTo("hello d");

        chat.press(KeyKind.CTRL_U);
        assertThat(chat.input()).isEmpty();
    }

    @Test
    void ctrlLChangesNothing() {
        ChatDriver chat = ChatDriver.connected();
        chat.type("keep me");

        assertThat(chat.press(KeyKind.CTRL_L)).isEmpty();
        assertThat(chat.input()).isEqualTo("keep me");
    }

    @Test
    void inputBytesCountsUtf8() {
        ChatDriver chat = ChatDriver.connected();

        chat.type("aé界😀");

        assertThat(chat.model.inputBytes()).isEqualTo(1 + 2 + 3 + 4);
    }

    // ---- history ----------------------------------------------------------------------------------------------

    @Test
    void upRecallsEnteredLinesNewestFirst() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        chat.enter("first");
        chat.enter("second");

        chat.press(KeyKind.UP);
        assertThat(chat.input()).isEqualTo("second");
        chat.press(KeyKind.UP);
        assertThat(chat.input()).isEqualTo("first");
        chat.press(KeyKind.UP);
        assertThat(chat.input()).isEqualTo("/join lobby");
        chat.press(KeyKind.UP);
        assertThat(chat.input()).as("stays at the oldest").isEqualTo("/join lobby");
    }

    @Test
    void downAfterTheNewestLineBringsBackTheUnfinishedDraft() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        chat.enter("first");
        chat.enter("second");
        chat.type("half-typ");

        chat.press(KeyKind.UP);
        chat.press(KeyKind.UP);
        chat.press(KeyKind.DOWN);
        assertThat(chat.input()).isEqualTo("second");
        chat.press(KeyKind.DOWN);
        assertThat(chat.input()).isEqualTo("half-typ");
        assertThat(chat.model.editor().cursor()).isEqualTo("half-typ".length());
    }

    @Test
    void upWithNothingEnteredYetKeepsTheLine() {
        ChatDriver chat = ChatDriver.connected();
        chat.type("draft");

        chat.press(KeyKind.UP);
        chat.press(KeyKind.DOWN);

        assertThat(chat.input()).isEqualTo("draft");
    }

    @Test
    void aLineThatWasRefusedIsNotInTheHistory() {
        ChatDriver chat = ChatDriver.connected(); // in no room, so text is refused and stays in the input
        chat.enter("/rooms");
        chat.enter("not sent");
        chat.press(KeyKind.CTRL_U);

        chat.press(KeyKind.UP);

        assertThat(chat.input()).isEqualTo("/rooms");
    }

    // ---- completion -------------------------------------------------------------------------------------------

    @Test
    void tabCompletesANickAtTheStartOfTheLineWithAColon() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");

        chat.type("bo");
        chat.press(KeyKind.TAB);

        assertThat(chat.input()).isEqualTo("bob: ");
    }

    @Test
    void tabCompletesANickLaterInTheLineWithASpace() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "Bob");

        chat.type("thanks b");
        chat.press(KeyKind.TAB);

        assertThat(chat.input()).isEqualTo("thanks Bob ");
    }

    @Test
    void repeatedTabCyclesThroughMatchingNicks() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "carl", "carol");

        chat.type("car");
        chat.press(KeyKind.TAB);
        assertThat(chat.input()).isEqualTo("carl: ");
        chat.press(KeyKind.TAB);
        assertThat(chat.input()).isEqualTo("carol: ");
        chat.press(KeyKind.TAB);
        assertThat(chat.input()).isEqualTo("carl: ");
    }

    @Test
    void anyOtherKeyEndsTheCycle() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "carl", "carol");
        chat.type("car");
        chat.press(KeyKind.TAB);

        chat.type("hi ");
        chat.type("car");
        chat.press(KeyKind.TAB);

        assertThat(chat.input()).isEqualTo("carl: hi carl ");
    }

    @Test
    void completionUsesTheCurrentMembers() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        chat.receive(new ServerEvent.UserJoined("dave"));

        chat.type("d");
        chat.press(KeyKind.TAB);

        assertThat(chat.input()).isEqualTo("dave: ");
    }

    @Test
    void tabCompletesACommandName() {
        ChatDriver chat = ChatDriver.connected();

        chat.type("/jo");
        chat.press(KeyKind.TAB);

        assertThat(chat.input()).isEqualTo("/join ");
    }

    @Test
    void tabWithoutAMatchChangesNothing() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");

        chat.type("zed");
        assertThat(chat.press(KeyKind.TAB)).isEmpty();

        assertThat(chat.input()).isEqualTo("zed");
    }
}
