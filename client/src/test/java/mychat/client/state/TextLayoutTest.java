package mychat.client.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Terminal column widths, making untrusted text safe to print, wrapping and truncating. */
class TextLayoutTest {

    // ---- width ------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "'', 0",
            "hello, 5",
            "界, 2",
            "日本語, 6",
            "😀, 2",
            "a😀b, 4",
            "'e\u0301', 1",
            "'caf\u00e9', 4",
            "'a\u200Bb', 2"})
    void widthCountsTerminalColumns(String text, int columns) {
        assertThat(TextLayout.width(text)).isEqualTo(columns);
    }

    @Test
    void aControlCharacterCountsAsOneColumnLikeTheSymbolThatReplacesIt() {
        assertThat(TextLayout.width('\u001b')).isEqualTo(1);
        assertThat(TextLayout.width(TextLayout.sanitize("\u001b"))).isEqualTo(1);
    }

    // ---- sanitize ---------------------------------------------------------------------------------------------

    @Test
    void escapeSequencesBecomeVisibleAndHarmless() {
        String attack = "\u001b[2J\u001b]0;pwned\u0007hi";

        String safe = TextLayout.sanitize(attack);

        assertThat(safe).isEqualTo("␛[2J␛]0;pwned␇hi");
        assertThat(safe).doesNotContain("\u001b", "\u0007");
    }

    @Test
    void everyC0ControlBecomesItsControlPicture() {
        assertThat(TextLayout.sanitize("\u0000\u0008\r\u001f")).isEqualTo("␀␈␍␟");
    }

    @Test
    void deleteAndC1ControlsBecomeTheReplacementCharacter() {
        assertThat(TextLayout.sanitize("a\u007fb\u009bc\u0085d")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd");
    }

    @Test
    void aTabBecomesASpaceAndNewlinesAreKeptForWrapping() {
        assertThat(TextLayout.sanitize("a\tb\nc")).isEqualTo("a b\nc");
    }

    @Test
    void harmlessTextIsReturnedUnchanged() {
        String text = "héllo 界 😀 🇫🇷 e\u0301";

        assertThat(TextLayout.sanitize(text)).isSameAs(text);
    }

    @Test
    void sanitizeKeepsTheLengthSoCursorIndexesStayValid() {
        String text = "a\u001b\u0007\t\u009b😀";

        assertThat(TextLayout.sanitize(text)).hasSameSizeAs(text);
    }

    // ---- wrap -------------------------------------------------------------------------------------------------

    @Test
    void textThatFitsIsOneRow() {
        assertThat(TextLayout.wrap("hello world", 11, 11)).containsExactly("hello world");
        assertThat(TextLayout.wrap("", 10, 10)).containsExactly("");
    }

    @Test
    void wrapBreaksAfterTheLastSpaceThatFits() {
        assertThat(TextLayout.wrap("the quick brown fox", 10, 10)).containsExactly("the quick ", "brown fox");
    }

    @Test
    void aSpaceExactlyAtTheEdgeIsTheBreakAndStartsNoRowOfItsOwn() {
        assertThat(TextLayout.wrap("aaaa bbbb", 4, 4)).containsExactly("aaaa", "bbbb");
        assertThat(TextLayout.wrap("hello world again", 11, 11)).containsExactly("hello world", "again");
        assertThat(TextLayout.wrap("aaaa   bbbb", 4, 4)).containsExactly("aaaa", "bbbb");
    }

    @Test
    void spacesAtTheEndOfTheTextAddNoEmptyRow() {
        assertThat(TextLayout.wrap("aaaa ", 4, 4)).containsExactly("aaaa");
    }

    @Test
    void aWordLongerThanTheRowIsBrokenInside() {
        assertThat(TextLayout.wrap("abcdefghij", 4, 4)).containsExactly("abcd", "efgh", "ij");
        assertThat(TextLayout.wrap("hi abcdefghij", 4, 4)).containsExactly("hi ", "abcd", "efgh", "ij");
    }

    @Test
    void theFirstRowAndTheRestHaveTheirOwnWidths() {
        assertThat(TextLayout.wrap("aaaaaa bbbbbb cccccc", 7, 14)).containsExactly("aaaaaa ", "bbbbbb cccccc");
    }

    @Test
    void everyNewlineStartsARowAndLaterParagraphsUseTheRestWidth() {
        assertThat(TextLayout.wrap("one\ntwo\n\nfour", 10, 10)).containsExactly("one", "two", "", "four");
        assertThat(TextLayout.wrap("ab\ncdefgh", 2, 3)).containsExactly("ab", "cde", "fgh");
        assertThat(TextLayout.wrap("end\n", 10, 10)).containsExactly("end", "");
    }

    @Test
    void wideCharactersNeverPushARowPastTheWidth() {
        List<String> rows = TextLayout.wrap("a界界界界b", 5, 5);

        assertThat(rows).containsExactly("a界界", "界界b");
        assertThat(rows).allSatisfy(row -> assertThat(TextLayout.width(row)).isLessThanOrEqualTo(5));
    }

    @Test
    void aWideCharacterThatDoesNotFitAtTheEndMovesToTheNextRow() {
        assertThat(TextLayout.wrap("abc界", 4, 4)).containsExactly("abc", "界");
    }

    @Test
    void aCharacterWiderThanTheRowGetsARowOfItsOwn() {
        assertThat(TextLayout.wrap("界界", 1, 1)).containsExactly("界", "界");
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        String emoji = "😀".repeat(7);

        List<String> rows = TextLayout.wrap(emoji, 5, 5);

        assertThat(String.join("", rows)).isEqualTo(emoji);
        assertThat(rows).allSatisfy(row -> {
            assertThat(Character.isLowSurrogate(row.charAt(0))).isFalse();
            assertThat(Character.isHighSurrogate(row.charAt(row.length() - 1))).isFalse();
            assertThat(TextLayout.width(row)).isLessThanOrEqualTo(5);
        });
    }

    @Test
    void combiningMarksStayWithTheirLetterAtTheEdge() {
        assertThat(TextLayout.wrap("abcde\u0301fg", 5, 5)).containsExactly("abcde\u0301", "fg");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 13, 40})
    void mixedTextWrapsWithinTheWidthAndLosesOnlyBreakingSpaces(int width) {
        String text = "Grüße aus 東京 😀😀 and a veryveryverylongword, ok? 🇫🇷 fin";

        List<String> rows = TextLayout.wrap(text, width, width);

        assertThat(rows).allSatisfy(row -> assertThat(TextLayout.width(row))
                .isLessThanOrEqualTo(Math.max(width, 2)));
        assertThat(String.join("", rows).replace(" ", "")).isEqualTo(text.replace(" ", ""));
    }

    @Test
    void wrappedTextIsSanitized() {
        assertThat(TextLayout.wrap("\u001b[31mred", 20, 20)).containsExactly("␛[31mred");
    }

    @Test
    void aZeroOrNegativeWidthStillMakesProgress() {
        assertThat(TextLayout.wrap("abc", 0, -5)).containsExactly("a", "b", "c");
    }

    // ---- truncate ---------------------------------------------------------------------------------------------

    @Test
    void truncateLeavesTextThatFitsAlone() {
        assertThat(TextLayout.truncate("hello", 5)).isEqualTo("hello");
    }

    @Test
    void truncateEndsWithAnEllipsisWithinTheWidth() {
        assertThat(TextLayout.truncate("hello world", 6)).isEqualTo("hello…");
        assertThat(TextLayout.truncate("界界界", 4)).isEqualTo("界…");
        assertThat(TextLayout.truncate("界界界", 4)).satisfies(s -> assertThat(TextLayout.width(s)).isEqualTo(3));
    }

    @Test
    void truncateToOneColumnIsJustTheEllipsisAndToZeroIsEmpty() {
        assertThat(TextLayout.truncate("hello", 1)).isEqualTo("…");
        assertThat(TextLayout.truncate("hello", 0)).isEmpty();
    }
}
