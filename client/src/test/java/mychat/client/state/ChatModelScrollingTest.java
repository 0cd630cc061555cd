package mychat.client.state;

import static org.assertj.core.api.Assertions.assertThat;

import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scrolling the message area. The terminal is 40x12: ten message rows, no member panel (too narrow), and every
 * test message ("09:30 <bob> line 7") takes exactly one row, so 30 messages can scroll up by at most 20 rows.
 */
class ChatModelScrollingTest {
    private static final int HEIGHT = 10;
    private static final int PAGE = HEIGHT - 1;
    private static final int TOP = 30 - HEIGHT;

    private ChatDriver chat;

    @BeforeEach
    void thirtyOneRowMessagesIn40x12() {
        chat = ChatDriver.sized(12, 40);
        chat.connect();
        chat.joinRoom("lobby", "alice", "bob");
        chat.enter("/clear");
        for (int i = 0; i < 30; i++) {
            chat.message("bob", "line " + i);
        }
        assertThat(chat.model.viewport().messageHeight()).isEqualTo(HEIGHT);
        assertThat(chat.model.scrollback().totalRows(40)).isEqualTo(30);
    }

    @Test
    void pageUpScrollsByAPageLessOneRowAndStopsAtTheOldestRow() {
        chat.press(KeyKind.PAGE_UP);
        assertThat(chat.model.scrollOffset()).isEqualTo(PAGE);

        chat.press(KeyKind.PAGE_UP);
        assertThat(chat.model.scrollOffset()).isEqualTo(2 * PAGE);

        chat.press(KeyKind.PAGE_UP);
        assertThat(chat.model.scrollOffset()).isEqualTo(TOP);
    }

    @Test
    void pageDownScrollsBackAndStopsAtTheNewestRow() {
        chat.press(KeyKind.PAGE_UP);
        chat.press(KeyKind.PAGE_UP);

        chat.press(KeyKind.PAGE_DOWN);
        assertThat(chat.model.scrollOffset()).isEqualTo(PAGE);

        chat.press(KeyKind.PAGE_DOWN);
        chat.press(KeyKind.PAGE_DOWN);
        assertThat(chat.model.scrollOffset()).isZero();
    }

    @Test
    void homeOnAnEmptyInputShowsTheOldestMessagesAndEndTheNewest() {
        chat.press(KeyKind.HOME);
        assertThat(chat.model.scrollOffset()).isEqualTo(TOP);

        chat.press(KeyKind.END);
        assertThat(chat.model.scrollOffset()).isZero();
    }

    @Test
    void homeAndEndWithTextInTheInputMoveTheCursorAndDoNotScroll() {
        chat.type("hello");

        chat.press(KeyKind.HOME);
        assertThat(chat.model.editor().cursor()).isZero();
        assertThat(chat.model.scrollOffset()).isZero();

        chat.press(KeyKind.PAGE_UP);
        chat.press(KeyKind.END);
        assertThat(chat.model.editor().cursor()).isEqualTo(5);
        assertThat(chat.model.scrollOffset()).isEqualTo(PAGE);
    }

    @Test
    void ctrlAAndCtrlEOnlyEverMoveTheCursor() {
        chat.press(KeyKind.CTRL_A);
        assertThat(chat.model.scrollOffset()).isZero();

        chat.type("hello");
        chat.press(KeyKind.CTRL_A);
        assertThat(chat.model.editor().cursor()).isZero();
        chat.press(KeyKind.CTRL_E);
        assertThat(chat.model.editor().cursor()).isEqualTo(5);
    }

    @Test
    void theWheelScrollsThreeRowsPerNotch() {
        chat.press(KeyKind.WHEEL_UP);
        chat.press(KeyKind.WHEEL_UP);
        assertThat(chat.model.scrollOffset()).isEqualTo(6);

        chat.press(KeyKind.WHEEL_DOWN);
        assertThat(chat.model.scrollOffset()).isEqualTo(3);
    }

    @Test
    void scrollTopAndBottomWorkEvenWithTextInTheInput() {
        chat.type("draft");

        chat.press(KeyKind.SCROLL_TOP);
        assertThat(chat.model.scrollOffset()).isEqualTo(TOP);

        chat.press(KeyKind.SCROLL_BOTTOM);
        assertThat(chat.model.scrollOffset()).isZero();
        assertThat(chat.input()).isEqualTo("draft");
    }

    @Test
    void whenEverythingFitsThereIsNothingToScroll() {
        chat.enter("/clear");
        chat.message("bob", "only one");

        chat.press(KeyKind.PAGE_UP);
        chat.press(KeyKind.SCROLL_TOP);

        assertThat(chat.model.scrollOffset()).isZero();
    }

    @Test
    void whileScrolledUpTheViewStaysPutAndNewMessagesCountAsUnseen() {
        chat.press(KeyKind.PAGE_UP);

        chat.message("bob", "one row");
        assertThat(chat.model.scrollOffset()).isEqualTo(PAGE + 1);
        assertThat(chat.model.unseen()).isEqualTo(1);

        chat.message("bob", "x".repeat(50)); // 28 columns fit beside the prefix, so two rows
        assertThat(chat.model.scrollOffset()).isEqualTo(PAGE + 3);
        assertThat(chat.model.unseen()).isEqualTo(2);
    }

    @Test
    void noticesWhileScrolledUpKeepTheViewButAreNotCountedAsUnseenMessages() {
        chat.press(KeyKind.PAGE_UP);

        chat.receive(new ServerEvent.UserJoined("carol"));

        assertThat(chat.model.scrollOffset()).isEqualTo(PAGE + 1);
        assertThat(chat.model.unseen()).isZero();
    }

    @Test
    void atTheBottomNewMessagesFollowAndAreNotUnseen() {
        chat.message("bob", "new");

        assertThat(chat.model.scrollOffset()).isZero();
        assertThat(chat.model.unseen()).isZero();
    }

    @Test
    void scrollingBackToTheBottomClearsTheUnseenCount() {
        chat.press(KeyKind.PAGE_UP);
        chat.message("bob", "missed");
        chat.message("bob", "missed too");

        chat.press(KeyKind.END);

        assertThat(chat.model.unseen()).isZero();
    }

    @Test
    void scrollingDownPartWayKeepsTheUnseenCount() {
        chat.press(KeyKind.PAGE_UP);
        chat.press(KeyKind.PAGE_UP);
        chat.message("bob", "missed");

        chat.press(KeyKind.PAGE_DOWN);

        assertThat(chat.model.scrollOffset()).isPositive();
        assertThat(chat.model.unseen()).isEqualTo(1);
    }

    @Test
    void aTallerTerminalClampsTheOffsetToTheNewOldestRow() {
        chat.press(KeyKind.SCROLL_TOP);

        chat.resize(22, 40); // twenty message rows

        assertThat(chat.model.scrollOffset()).isEqualTo(30 - 20);
    }

    @Test
    void aTerminalTallEnoughForEverythingEndsTheScrollingAndTheUnseenCount() {
        chat.press(KeyKind.PAGE_UP);
        chat.message("bob", "missed");

        chat.resize(50, 40);

        assertThat(chat.model.scrollOffset()).isZero();
        assertThat(chat.model.unseen()).isZero();
    }

    @Test
    void resizingKeepsAnOffsetThatStillFits() {
        chat.press(KeyKind.PAGE_UP);

        chat.resize(14, 40);

        assertThat(chat.model.scrollOffset()).isEqualTo(PAGE);
    }
}
