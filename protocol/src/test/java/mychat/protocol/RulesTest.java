package mychat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "alice", "Zoë", "李小龙", "👩‍💻", "x-y_z.1", "abcdefghijklmnopqrstuvwxyz012345"})
    void acceptableNicks(String nick) {
        assertThat(Rules.checkNick(nick)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "a\tb", "a\nb", "a\u0000", "\u007F", "a\u0085", "a\u00A0b", "a\u2003b",
            "a\u3000b", "a\u200Bb", "abcdefghijklmnopqrstuvwxyz0123456"})
    void refusedNicks(String nick) {
        assertThat(Rules.checkNick(nick)).contains(ErrorCode.INVALID_NICK);
    }

    @Test
    void lengthsCountCodePointsNotUtf16Units() {
        assertThat(Rules.checkNick("😀".repeat(32))).isEmpty();
        assertThat(Rules.checkNick("😀".repeat(33))).contains(ErrorCode.INVALID_NICK);
        assertThat(Rules.checkRoom("😀".repeat(64))).isEmpty();
        assertThat(Rules.checkRoom("😀".repeat(65))).contains(ErrorCode.INVALID_ROOM);
    }

    @Test
    void roomsFollowTheSameCharacterRules() {
        assertThat(Rules.checkRoom("general")).isEmpty();
        assertThat(Rules.checkRoom("#rust-🦀")).isEmpty();
        assertThat(Rules.checkRoom("")).contains(ErrorCode.INVALID_ROOM);
        assertThat(Rules.checkRoom("two words")).contains(ErrorCode.INVALID_ROOM);
        assertThat(Rules.checkRoom("bell\u0007")).contains(ErrorCode.INVALID_ROOM);
    }

    @Test
    void textLimitIsInUtf8BytesAndExactly2048Passes() {
        assertThat(Rules.checkText("a".repeat(2048))).isEmpty();
        assertThat(Rules.checkText("a".repeat(2049))).contains(ErrorCode.TOO_LONG);
        assertThat(Rules.checkText("😀".repeat(512))).isEmpty(); // 4 bytes each
        assertThat(Rules.checkText("😀".repeat(512) + "a")).contains(ErrorCode.TOO_LONG);
        assertThat(Rules.checkText("é".repeat(1024))).isEmpty(); // 2 bytes each
        assertThat(Rules.checkText("é".repeat(1024) + "a")).contains(ErrorCode.TOO_LONG);
    }

    @Test
    void blankTextIsEmptyMessageButSurroundingWhitespaceIsKept() {
        for (String blank : List.of("", " ", "\t\r\n", "\u00A0", "\u3000 ", "\u200B")) {
            assertThat(Rules.checkText(blank)).as("'%s'", blank).contains(ErrorCode.EMPTY_MESSAGE);
        }
        assertThat(Rules.checkText("  x  ")).isEmpty();
        assertThat(Rules.checkText("\u0000")).isEmpty(); // control characters are content, escaped on the wire
    }

    @Test
    void tooLongWinsOverBlankForHugeWhitespace() {
        assertThat(Rules.checkText(" ".repeat(3000))).isEqualTo(Optional.of(ErrorCode.TOO_LONG));
    }

    @Test
    void utf8LengthMatchesTheJdkEncoder() {
        for (String s : List.of("", "abc", "é", "€", "😀", "a😀é€\u0000")) {
            assertThat(Rules.utf8Length(s)).isEqualTo(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void nickKeyFoldsCaseLikeEqualsIgnoreCase() {
        assertThat(Rules.nickKey("Alice")).isEqualTo(Rules.nickKey("aLICE"));
        assertThat(Rules.nickKey("ÉLODIE")).isEqualTo(Rules.nickKey("élodie"));
        assertThat(Rules.nickKey("ß")).isNotEqualTo(Rules.nickKey("ss"));
        assertThat(Rules.nickKey("Ǆ")).isEqualTo(Rules.nickKey("ǆ"));
    }

    @Test
    void codePointOrderSortsSupplementaryCharactersAfterTheBmp() {
        List<String> names = new ArrayList<>(List.of("😀", "\uFF5E", "b", "a", "ab"));
        names.sort(Rules.CODE_POINT_ORDER);
        assertThat(names).containsExactly("a", "ab", "b", "\uFF5E", "😀");
    }

    @Test
    void unpairedSurrogatesAreDetected() {
        assertThat(Rules.hasUnpairedSurrogate("ok 😀")).isFalse();
        assertThat(Rules.hasUnpairedSurrogate("\uD83D")).isTrue();
        assertThat(Rules.hasUnpairedSurrogate("\uDE00x")).isTrue();
    }
}
