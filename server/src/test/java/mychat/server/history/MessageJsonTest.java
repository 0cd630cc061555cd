package mychat.server.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageJsonTest {

    @Test
    void textsWithQuotesBackslashesControlCharactersAndAnyScriptComeBackUnchanged() {
        List<ChatMessage> messages = List.of(
                new ChatMessage("lobby", 1, 0, "alice", "he said \"hi\" \\ and left\\", null),
                new ChatMessage("lobby", 2, 1_700_000_000_123L, "bob", "tab\tnewline\nreturn\r bell\u0007 nul\u0000 \u001f \u007f", "c\"1"),
                new ChatMessage("straße", 10, 9, "zoë", "é € 日本語 𝄞 😀👍🏽 \u2028", null),
                new ChatMessage("r", Long.MAX_VALUE, Long.MAX_VALUE, "n", "x", "cid-1"));

        byte[] json = MessageJson.array(messages);

        // Jackson's parser refuses unescaped control characters, so this also proves they were escaped.
        assertThat(MessageJson.decode(json, null)).isEqualTo(messages);
        for (byte b : json) {
            assertThat(b & 0xFF).as("raw control character in the JSON").isGreaterThanOrEqualTo(0x20);
        }
    }

    @Test
    void numbersAreWrittenInDecimalAtEveryLength() {
        long[] values = {0, 7, 9, 10, 99, 100, 123_456_789_012L, Long.MAX_VALUE};
        for (long v : values) {
            JsonBuffer out = new JsonBuffer(1);
            out.writeDecimal(v);
            assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII))
                    .isEqualTo(Long.toString(v));
        }
    }

    @Test
    void aLongMultiByteTextGrowsTheBufferWithoutLosingBytes() {
        String text = "ä😀\"".repeat(2_000);
        JsonBuffer out = new JsonBuffer(4);
        out.writeQuoted(text);
        String expected = text.replace("\"", "\\\"");
        assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void anUnpairedSurrogateIsRefusedRatherThanWrittenAsBrokenUtf8() {
        JsonBuffer out = new JsonBuffer(16);
        assertThatThrownBy(() -> out.writeQuoted("a\uD800b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> out.writeQuoted("\uDC00")).isInstanceOf(IllegalArgumentException.class);
    }
}
