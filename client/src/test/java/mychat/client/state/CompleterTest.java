package mychat.client.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompleterTest {
    private static final List<String> NICKS = List.of("alice", "Bob", "bobby", "carol");

    private final Completer completer = new Completer();
    private final LineEditor editor = new LineEditor();

    private String tab() {
        completer.complete(editor, NICKS);
        return editor.text();
    }

    @Test
    void aNickAtTheStartOfTheLineGetsAColonAndASpace() {
        editor.set("car");

        assertThat(tab()).isEqualTo("carol: ");
        assertThat(editor.cursor()).isEqualTo("carol: ".length());
    }

    @Test
    void aNickLaterInTheLineGetsASpace() {
        editor.set("thanks car");

        assertThat(tab()).isEqualTo("thanks carol ");
    }

    @Test
    void thePrefixMatchesCaseInsensitivelyAndTheNickKeepsItsCase() {
        editor.set("BO");

        assertThat(tab()).isEqualTo("Bob: ");
    }

    @Test
    void repeatedTabCyclesThroughTheMatchesInCaseInsensitiveOrderAndWrapsAround() {
        editor.set("hi b");

        assertThat(tab()).isEqualTo("hi Bob ");
        assertThat(completer.isCycling()).isTrue();
        assertThat(tab()).isEqualTo("hi bobby ");
        assertThat(tab()).isEqualTo("hi Bob ");
    }

    @Test
    void resetEndsTheCycleSoTheNextTabStartsFromTheCurrentWord() {
        editor.set("b");
        tab();

        completer.reset();

        assertThat(completer.isCycling()).isFalse();
        editor.set("bobby: c");
        assertThat(tab()).isEqualTo("bobby: carol ");
    }

    @Test
    void anEmptyWordOffersEveryNick() {
        editor.set("");

        assertThat(tab()).isEqualTo("alice: ");
        assertThat(tab()).isEqualTo("Bob: ");
    }

    @Test
    void nothingMatchingLeavesTheLineAloneAndReportsIt() {
        editor.set("zed");

        assertThat(completer.complete(editor, NICKS)).isFalse();
        assertThat(editor.text()).isEqualTo("zed");
        assertThat(completer.isCycling()).isFalse();
    }

    @Test
    void aSlashAtTheStartOfTheLineCompletesCommandNamesWithASpace() {
        editor.set("/j");

        assertThat(tab()).isEqualTo("/join ");
    }

    @Test
    void aSlashAloneCyclesThroughEveryCommand() {
        editor.set("/");

        for (String name : Command.NAMES) {
            assertThat(tab()).isEqualTo(name + " ");
        }
        assertThat(tab()).isEqualTo(Command.NAMES.getFirst() + " ");
    }

    @Test
    void commandNamesAreNotOfferedLaterInTheLine() {
        editor.set("try /jo");

        assertThat(completer.complete(editor, NICKS)).isFalse();
    }

    @Test
    void textAfterTheCursorIsKept() {
        editor.set("al said hi", 2);

        assertThat(tab()).isEqualTo("alice: said hi");
        assertThat(editor.cursor()).as("after the colon, before the existing space").isEqualTo("alice:".length());
    }

    @Test
    void completingInTheMiddleOfALineAddsNoSecondSpace() {
        editor.set("ask car now", 7);

        assertThat(tab()).isEqualTo("ask carol now");
        assertThat(tab()).isEqualTo("ask carol now");
    }
}
