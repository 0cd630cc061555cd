package mychat.client.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The input line: a cursor that steps over user-perceived characters, never into the middle of one. */
class LineEditorTest {
    private static final String FLAG_FR = "🇫🇷";
    private static final String E_ACUTE = "e\u0301";           // e + combining acute accent
    private static final String FAMILY = "👨\u200D👩\u200D👧"; // three emoji joined by ZWJ
    private static final String THUMBS_DARK = "👍🏿";          // emoji + skin tone modifier
    private static final String HEART = "❤\uFE0F";            // symbol + emoji presentation selector

    private final LineEditor editor = new LineEditor();

    @Test
    void startsEmptyWithTheCursorAtZero() {
        assertThat(editor.isEmpty()).isTrue();
        assertThat(editor.text()).isEmpty();
        assertThat(editor.cursor()).isZero();
    }

    @Test
    void insertTypesAtTheCursorAndMovesItAlong() {
        editor.insert("held");
        editor.left();
        editor.insert("l");
        editor.end();
        editor.insert("!");

        assertThat(editor.text()).isEqualTo("helld!");
        assertThat(editor.cursor()).isEqualTo(6);
    }

    @Test
    void setPutsTheCursorAtTheEndOrWhereAskedWithinTheText() {
        editor.set("hello");
        assertThat(editor.cursor()).isEqualTo(5);

        editor.set("hello", 2);
        assertThat(editor.cursor()).isEqualTo(2);
        editor.set("hello", 99);
        assertThat(editor.cursor()).isEqualTo(5);
        editor.set("hello", -3);
        assertThat(editor.cursor()).isZero();
    }

    @Test
    void leftAndRightStopAtTheEnds() {
        editor.set("ab");

        editor.right();
        assertThat(editor.cursor()).isEqualTo(2);
        editor.left();
        editor.left();
        editor.left();
        assertThat(editor.cursor()).isZero();
    }

    @Test
    void homeAndEndJumpToTheEnds() {
        editor.set("hello", 2);

        editor.home();
        assertThat(editor.cursor()).isZero();
        editor.end();
        assertThat(editor.cursor()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"😀", FLAG_FR, E_ACUTE, FAMILY, THUMBS_DARK, HEART, "界"})
    void aUserPerceivedCharacterIsSteppedOverAsOne(String character) {
        editor.set("a" + character + "b");

        editor.left();
        assertThat(editor.cursor()).as("before b").isEqualTo(1 + character.length());
        editor.left();
        assertThat(editor.cursor()).as("before the character").isEqualTo(1);
        editor.right();
        assertThat(editor.cursor()).as("after the character").isEqualTo(1 + character.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"😀", FLAG_FR, E_ACUTE, FAMILY, THUMBS_DARK, HEART})
    void backspaceDeletesAUserPerceivedCharacterAsOne(String character) {
        editor.set("a" + character);

        editor.backspace();

        assertThat(editor.text()).isEqualTo("a");
        assertThat(editor.cursor()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"😀", FLAG_FR, E_ACUTE, FAMILY, THUMBS_DARK, HEART})
    void deleteRemovesTheUserPerceivedCharacterAfterTheCursorAsOne(String character) {
        editor.set(character + "z", 0);

        editor.delete();

        assertThat(editor.text()).isEqualTo("z");
        assertThat(editor.cursor()).isZero();
    }

    @Test
    void twoFlagsInARowAreTwoCharacters() {
        editor.set(FLAG_FR + "🇩🇪");

        editor.backspace();

        assertThat(editor.text()).isEqualTo(FLAG_FR);
    }

    @Test
    void backspaceAtTheStartAndDeleteAtTheEndDoNothing() {
        editor.set("abc", 0);
        editor.backspace();
        assertThat(editor.text()).isEqualTo("abc");

        editor.end();
        editor.delete();
        assertThat(editor.text()).isEqualTo("abc");
        assertThat(editor.cursor()).isEqualTo(3);
    }

    @Test
    void ctrlWDeletesTheWordBeforeTheCursor() {
        editor.set("hello big world");

        editor.deleteWordBefore();

        assertThat(editor.text()).isEqualTo("hello big ");
        assertThat(editor.cursor()).isEqualTo(10);
    }

    @Test
    void ctrlWAlsoDeletesTheSpacesBetweenTheWordAndTheCursor() {
        editor.set("hello big   ");

        editor.deleteWordBefore();

        assertThat(editor.text()).isEqualTo("hello ");
    }

    @Test
    void ctrlWInTheMiddleOfAWordDeletesOnlyItsFirstPart() {
        editor.set("hello world", 8); // hello wo|rld

        editor.deleteWordBefore();

        assertThat(editor.text()).isEqualTo("hello rld");
        assertThat(editor.cursor()).isEqualTo(6);
    }

    @Test
    void ctrlWDeletesAWordOfEmojiWhole() {
        editor.set("hi " + FAMILY + FLAG_FR);

        editor.deleteWordBefore();

        assertThat(editor.text()).isEqualTo("hi ");
    }

    @Test
    void ctrlWAtTheStartDoesNothing() {
        editor.set("word", 0);

        editor.deleteWordBefore();

        assertThat(editor.text()).isEqualTo("word");
    }

    @Test
    void clearEmptiesTheLine() {
        editor.set("something");

        editor.clear();

        assertThat(editor.isEmpty()).isTrue();
        assertThat(editor.cursor()).isZero();
    }
}
