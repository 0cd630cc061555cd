package mychat.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import mychat.client.state.ChatDriver;
import mychat.client.state.KeyKind;
import mychat.client.state.TextLayout;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The screen as rows of text: sizes, the status bar, the input line, scrolling marks, the panel and help. */
class RendererTest {

    private static ChatDriver chatIn(int rows, int cols) {
        ChatDriver chat = ChatDriver.sized(rows, cols);
        chat.connect();
        chat.joinRoom("lobby", "alice", "bob", "carol");
        chat.message("bob", "hello alice, this line is long enough to wrap on every terminal we draw here");
        chat.message("carol", "日本語のテキストも折り返します、絵文字😀🎉も同じです。");
        chat.message("alice", "short");
        return chat;
    }

    private static Renderer.Frame frame(ChatDriver chat) {
        return Renderer.render(chat.model);
    }

    private static List<String> screen(ChatDriver chat) {
        return frame(chat).text();
    }

    private static String statusBar(ChatDriver chat) {
        List<String> rows = screen(chat);
        return rows.get(rows.size() - 2);
    }

    private static String inputLine(ChatDriver chat) {
        return screen(chat).getLast();
    }

    // ---- size -------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"100, 30", "80, 24", "60, 12", "59, 12", "50, 8", "10, 3"})
    void everyRowAboveTheInputLineFillsTheTerminalWidthExactly(int cols, int rows) {
        ChatDriver chat = chatIn(rows, cols);

        Renderer.Frame frame = frame(chat);

        assertThat(frame.lines()).hasSize(rows);
        assertThat(frame.lines().subList(0, rows - 1))
                .allSatisfy(line -> assertThat(line.columnLength()).isEqualTo(cols));
        assertThat(frame.lines().getLast().columnLength()).isLessThanOrEqualTo(cols);
    }

    @Test
    void messagesSitAtTheBottomOfTheAreaWithBlankRowsAbove() {
        ChatDriver chat = ChatDriver.sized(12, 40);
        chat.connect();
        chat.joinRoom("lobby", "alice");
        chat.enter("/clear");
        chat.message("bob", "first");
        chat.message("bob", "second");

        List<String> rows = screen(chat);

        assertThat(rows.subList(0, 8)).allSatisfy(row -> assertThat(row).isBlank());
        assertThat(rows.get(8)).startsWith("09:30 <bob> first");
        assertThat(rows.get(9)).startsWith("09:30 <bob> second");
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 17, 23, 40, 59, 60, 61, 99})
    void wrappedCjkAndEmojiRowsNeverExceedTheWidth(int cols) {
        ChatDriver chat = ChatDriver.sized(40, cols);
        chat.connect();
        chat.joinRoom("lobby", "alice");
        chat.message("bob", "界".repeat(45) + " a😀b😀c😀 " + "🎉".repeat(30) + " e\u0301 ok");

        Renderer.Frame frame = frame(chat);

        assertThat(frame.lines()).allSatisfy(line -> assertThat(line.columnLength()).isLessThanOrEqualTo(cols));
        assertThat(frame.text()).allSatisfy(row -> assertThat(TextLayout.width(row)).isLessThanOrEqualTo(cols));
        assertThat(String.join("", frame.text())).contains("界界", "🎉🎉", "ok");
    }

    @Test
    void aPrefixThatLeavesNoRoomBesideItDoesNotSwallowTheStartOfTheText() {
        ChatDriver chat = ChatDriver.sized(12, 30);
        chat.connect();
        chat.joinRoom("lobby", "alice");
        chat.message("christopher_columbus1", "STARTING the voyage"); // prefix 30 wide: nothing fits beside it
        chat.message("christopher_columbus", "界 is wide"); // prefix 29 wide: one column left, 界 needs two

        List<String> rows = screen(chat);

        assertThat(rows.subList(6, 12)).containsExactly(
                "09:30 <christopher_columbus1> ",
                "  STARTING the voyage         ",
                "09:30 <christopher_columbus>  ",
                "  界 is wide                  ",
                " ● connected · ws://t… ? help ",
                "[lobby] ");
    }

    @Test
    void controlCharactersInAMessageNeverReachTheTerminal() {
        ChatDriver chat = chatIn(12, 80);

        chat.message("bob", "\u001b[2J\u001b]0;owned\u0007 \u009b31m done");

        String screen = String.join("\n", screen(chat));
        assertThat(screen).doesNotContain("\u001b", "\u0007", "\u009b").contains("␛[2J␛]0;owned␇ \uFFFD31m done");
    }

    // ---- status bar -------------------------------------------------------------------------------------------

    @Test
    void theStatusBarShowsConnectionServerRoomNickAndMemberCount() {
        ChatDriver chat = chatIn(30, 100);

        assertThat(statusBar(chat))
                .startsWith(" ● connected · ws://test/ · lobby · alice · 3 members ")
                .endsWith(" ? help ");
    }

    @Test
    void theStatusBarCountsOneMemberInTheSingular() {
        ChatDriver chat = ChatDriver.sized(30, 100);
        chat.connect();
        chat.joinRoom("lobby", "alice");

        assertThat(statusBar(chat)).contains("· lobby · alice · 1 member ");
    }

    @Test
    void outsideARoomTheStatusBarSaysNoRoomAndCountsNobody() {
        ChatDriver chat = ChatDriver.sized(30, 100);
        chat.connect();

        assertThat(statusBar(chat)).startsWith(" ● connected · ws://test/ · no room · alice ").doesNotContain("member");
    }

    @Test
    void theStatusBarShowsEveryConnectionState() {
        ChatDriver chat = ChatDriver.sized(30, 100);
        assertThat(statusBar(chat)).startsWith(" … connecting · ws://test/");

        chat.connect();
        chat.disconnect();
        chat.reconnectDue();
        chat.disconnect();
        assertThat(statusBar(chat)).startsWith(" ○ disconnected, retrying in 2s · ws://test/");

        chat.press(KeyKind.ESC);
        assertThat(statusBar(chat)).startsWith(" ○ closing · ");
    }

    @Test
    void aNarrowStatusBarIsCutWithAnEllipsisAndKeepsTheHelpHint() {
        ChatDriver chat = chatIn(8, 40);

        assertThat(statusBar(chat)).isEqualTo(" ● connected · ws://test/ · lob… ? help ");
    }

    @Test
    void theStatusBarCountsBytesOnceTheInputNearsTheLimit() {
        ChatDriver chat = chatIn(30, 100);

        chat.type("a".repeat(1791));
        assertThat(statusBar(chat)).endsWith(" ? help ");

        chat.type("a");
        assertThat(statusBar(chat)).endsWith(" 1792/2048 bytes ");

        chat.type("é".repeat(200));
        assertThat(statusBar(chat)).endsWith(" 2192/2048 bytes ");
    }

    // ---- input line -------------------------------------------------------------------------------------------

    @Test
    void theInputLineStartsWithTheRoomAsPromptAndTheCursorFollowsTheText() {
        ChatDriver chat = chatIn(12, 60);
        chat.type("hi 😀");

        Renderer.Frame frame = frame(chat);

        assertThat(frame.text().getLast()).isEqualTo("[lobby] hi 😀");
        assertThat(frame.cursorRow()).isEqualTo(11);
        assertThat(frame.cursorCol()).isEqualTo("[lobby] hi ".length() + 2);

        chat.press(KeyKind.LEFT);
        assertThat(frame(chat).cursorCol()).isEqualTo("[lobby] hi ".length());
    }

    @Test
    void outsideARoomThePromptIsADash() {
        ChatDriver chat = ChatDriver.sized(12, 60);
        chat.connect();

        assertThat(inputLine(chat)).isEqualTo("[-] ");
    }

    @Test
    void aRoomNameTooLongForThePromptIsReplacedByAnArrow() {
        ChatDriver chat = ChatDriver.sized(12, 60);
        chat.connect();
        chat.joinRoom("a-very-long-room-name-indeed", "alice");
        chat.type("hi");

        assertThat(inputLine(chat)).isEqualTo("> hi");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "界", "😀"})
    void aLongInputScrollsSidewaysSoTheCursorStaysOnScreen(String character) {
        ChatDriver chat = chatIn(12, 60);
        String text = character.repeat(150) + "END";
        chat.type(text);

        Renderer.Frame frame = frame(chat);

        AttributedString input = frame.lines().getLast();
        assertThat(input.columnLength()).isLessThanOrEqualTo(60);
        assertThat(frame.cursorCol()).isLessThan(60);
        assertThat(input.toString()).startsWith("[lobby] ").endsWith("END");
        assertThat(frame.cursorCol()).isEqualTo(input.columnLength());
    }

    @Test
    void movingToTheStartOfALongInputShowsItsBeginning() {
        ChatDriver chat = chatIn(12, 60);
        chat.type("START" + "x".repeat(150));

        chat.press(KeyKind.HOME);
        Renderer.Frame frame = frame(chat);

        assertThat(frame.text().getLast()).startsWith("[lobby] STARTxxx");
        assertThat(frame.lines().getLast().columnLength()).isEqualTo(60);
        assertThat(frame.cursorCol()).isEqualTo("[lobby] ".length());
    }

    // ---- scrolling --------------------------------------------------------------------------------------------

    @Test
    void scrolledUpTheLastRowSaysThereIsMoreBelow() {
        ChatDriver chat = chatIn(12, 60);
        for (int i = 0; i < 30; i++) {
            chat.message("bob", "filler " + i);
        }
        assertThat(String.join("\n", screen(chat))).doesNotContain("more below");

        chat.press(KeyKind.PAGE_UP);

        List<String> rows = screen(chat);
        assertThat(rows.get(9)).startsWith(" more below — End or PageDown ");
        assertThat(rows).noneMatch(row -> row.contains("filler 29"));
    }

    @Test
    void theMoreBelowMarkCountsMessagesThatArrivedMeanwhile() {
        ChatDriver chat = chatIn(12, 60);
        for (int i = 0; i < 30; i++) {
            chat.message("bob", "filler " + i);
        }
        chat.press(KeyKind.PAGE_UP);

        chat.message("bob", "new one");
        assertThat(screen(chat).get(9)).startsWith(" more below: 1 new message — End or PageDown");

        chat.message("bob", "new two");
        assertThat(screen(chat).get(9)).startsWith(" more below: 2 new messages — End or PageDown");

        chat.press(KeyKind.END);
        assertThat(screen(chat).get(9)).startsWith("09:30 <bob> new two");
    }

    // ---- member panel -----------------------------------------------------------------------------------------

    @Test
    void theMemberPanelListsTheMembersBesideTheMessages() {
        ChatDriver chat = chatIn(12, 60);

        List<String> rows = screen(chat);

        assertThat(rows.get(0)).endsWith("▏ 3 here     ");
        assertThat(rows.get(1)).endsWith("▏ alice      ");
        assertThat(rows.get(2)).endsWith("▏ bob        ");
        assertThat(rows.get(3)).endsWith("▏ carol      ");
        assertThat(frame(chat).lines().subList(0, 10)).as("the separator is in column 47 on every row")
                .allSatisfy(line -> assertThat(line.columnSubSequence(47, 48).toString()).isEqualTo("▏"));
    }

    @Test
    void theMemberPanelSaysNoRoomOutsideARoom() {
        ChatDriver chat = ChatDriver.sized(12, 60);
        chat.connect();

        assertThat(screen(chat).getFirst()).endsWith("▏ no room    ");
    }

    @Test
    void theMemberPanelHidesOnTerminalsNarrowerThanSixtyColumns() {
        ChatDriver chat = chatIn(12, 59);

        assertThat(screen(chat)).noneMatch(row -> row.contains("▏"));
    }

    @Test
    void theMemberPanelHidesWhenToggledOff() {
        ChatDriver chat = chatIn(30, 100);
        chat.enter("/members");

        assertThat(screen(chat)).noneMatch(row -> row.contains("▏") || row.contains("3 here"));
    }

    @Test
    void moreMembersThanRowsEndWithACountOfTheRest() {
        ChatDriver chat = ChatDriver.sized(8, 60); // six panel rows: title, four nicks, "… n more"
        chat.connect();
        chat.joinRoom("big", "alice", "bob", "carol", "dave", "erin", "frank", "grace");

        List<String> rows = screen(chat);

        assertThat(rows.get(0)).endsWith("▏ 7 here     ");
        assertThat(rows.get(4)).endsWith("▏ dave       ");
        assertThat(rows.get(5)).endsWith("▏ … 3 more   ");
    }

    // ---- help -------------------------------------------------------------------------------------------------

    @Test
    void theHelpOverlayTakesTheWholeWidthAboveTheBars() {
        ChatDriver chat = chatIn(30, 100);
        chat.type("?");

        List<String> rows = screen(chat);

        assertThat(rows.get(0)).startsWith("my-chat help");
        assertThat(String.join("\n", rows))
                .contains("Commands", "/join <room>", "/leave", "/quit", "Keys", "PageUp / PageDown")
                .doesNotContain("09:30 <bob>");
        assertThat(rows).noneMatch(row -> row.contains("3 here"));
        assertThat(rows.get(28)).startsWith(" ● connected").doesNotContain("? help");
        assertThat(rows.get(29)).isEqualTo("[lobby] ");

        chat.press(KeyKind.ESC);
        assertThat(screen(chat).get(0)).doesNotStartWith("my-chat help");
    }
}
