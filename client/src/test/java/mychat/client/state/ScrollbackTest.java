package mychat.client.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ScrollbackTest {
    private static final long T = Instant.parse("2026-01-02T09:30:59Z").toEpochMilli();

    private final Scrollback scrollback = new Scrollback(ZoneOffset.UTC);

    private static Entry message(String nick, String text) {
        return new Entry(Entry.Kind.MESSAGE, T, nick, text);
    }

    private static Entry notice(String text) {
        return new Entry(Entry.Kind.INFO, T, null, text);
    }

    @Test
    void theTimeIsTheLocalHourAndMinute() {
        assertThat(scrollback.time(notice("x"))).isEqualTo("09:30");
        assertThat(new Scrollback(ZoneOffset.ofHours(-10)).time(notice("x"))).isEqualTo("23:30");
    }

    @Test
    void aMessageIsPrefixedWithTheTimeAndTheNickInAngleBrackets() {
        assertThat(scrollback.prefix(message("bob", "hi"))).isEqualTo("09:30 <bob> ");
        assertThat(scrollback.prefix(new Entry(Entry.Kind.OWN_MESSAGE, T, "me", "hi"))).isEqualTo("09:30 <me> ");
    }

    @Test
    void noticesOfEveryKindArePrefixedWithAMarker() {
        for (Entry.Kind kind : new Entry.Kind[] {Entry.Kind.INFO, Entry.Kind.WARNING, Entry.Kind.ERROR}) {
            assertThat(scrollback.prefix(new Entry(kind, T, null, "x"))).isEqualTo("09:30 -!- ");
        }
    }

    @Test
    void aNickWithControlCharactersIsSanitizedInThePrefix() {
        assertThat(scrollback.prefix(message("evil\u001b[2J", "hi"))).isEqualTo("09:30 <evil␛[2J> ");
    }

    @Test
    void continuationRowsAreIndentedUnderTheTextUnlessThePrefixIsWiderThanHalfTheRow() {
        Entry entry = message("bob", "hi");

        assertThat(scrollback.indent(entry, 40)).isEqualTo(12);
        assertThat(scrollback.indent(entry, 24)).isEqualTo(12);
        assertThat(scrollback.indent(entry, 23)).isEqualTo(2);
        assertThat(scrollback.indent(entry, 2)).isEqualTo(1);
    }

    @Test
    void rowsWrapTheTextBesideThePrefixAndThenUnderIt() {
        Entry entry = message("bob", "one two three fourteen fifteen");

        // 30 columns: 12 for "09:30 <bob> ", so 18 for the text on every row
        assertThat(scrollback.rows(entry, 30)).containsExactly("one two three ", "fourteen fifteen");
    }

    @Test
    void withAWidePrefixContinuationRowsUseAlmostTheWholeWidth() {
        Entry entry = message("bob", "aaaaaaaa bbbbbbbbbbbbbbbbbb");

        // 20 columns: the 12-column prefix is more than half, so continuation rows are indented by 2 only
        assertThat(scrollback.rows(entry, 20)).containsExactly("aaaaaaaa", "bbbbbbbbbbbbbbbbbb");
    }

    @Test
    void whenNothingFitsBesideThePrefixTheTextStartsOnTheNextRow() {
        Entry entry = message("bob", "hello"); // "09:30 <bob> " is 12 columns

        assertThat(scrollback.rows(entry, 12)).containsExactly("", "hello");
        assertThat(scrollback.rows(message("bob", "界界"), 13)).containsExactly("", "界界");
        assertThat(scrollback.rows(message("bob", "a界"), 13)).containsExactly("a", "界");
    }

    @Test
    void totalRowsCountsTheWrappedRowsOfEveryEntry() {
        scrollback.add(notice("short"));
        scrollback.add(message("bob", "x".repeat(30)));

        assertThat(scrollback.totalRows(30)).isEqualTo(1 + 2);
        assertThat(scrollback.totalRows(200)).isEqualTo(2);
    }

    @Test
    void entriesAreKeptInOrderAndClearEmptiesThem() {
        scrollback.add(notice("first"));
        scrollback.add(notice("second"));

        assertThat(scrollback.entries()).extracting(Entry::text).containsExactly("first", "second");

        scrollback.clear();
        assertThat(scrollback.entries()).isEmpty();
        assertThat(scrollback.totalRows(80)).isZero();
    }

    @Test
    void theOldestEntriesFallOffBeyondTheLimit() {
        for (int i = 0; i < Scrollback.MAX_ENTRIES + 5; i++) {
            scrollback.add(notice("n" + i));
        }

        assertThat(scrollback.entries()).hasSize(Scrollback.MAX_ENTRIES);
        assertThat(scrollback.entries().getFirst().text()).isEqualTo("n5");
        assertThat(scrollback.entries().getLast().text()).isEqualTo("n" + (Scrollback.MAX_ENTRIES + 4));
    }
}
