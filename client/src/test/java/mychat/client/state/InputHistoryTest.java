package mychat.client.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputHistoryTest {
    private final InputHistory history = new InputHistory();

    @Test
    void anEmptyHistoryHasNothingOlderOrNewer() {
        assertThat(history.older("draft")).isNull();
        assertThat(history.newer()).isNull();
    }

    @Test
    void olderWalksBackFromTheNewestLineAndStopsAtTheOldest() {
        history.add("one");
        history.add("two");

        assertThat(history.older("")).isEqualTo("two");
        assertThat(history.older("two")).isEqualTo("one");
        assertThat(history.older("one")).isNull();
    }

    @Test
    void newerWalksForwardAndEndsWithTheDraft() {
        history.add("one");
        history.add("two");
        history.older("my draft");
        history.older("two");

        assertThat(history.newer()).isEqualTo("two");
        assertThat(history.newer()).isEqualTo("my draft");
        assertThat(history.newer()).as("no longer browsing").isNull();
    }

    @Test
    void newerWithoutBrowsingIsNull() {
        history.add("one");

        assertThat(history.newer()).isNull();
    }

    @Test
    void theDraftIsTakenWhenBrowsingStartsNotLater() {
        history.add("one");
        history.add("two");
        history.older("the draft");
        history.older("two, edited");

        history.newer();

        assertThat(history.newer()).isEqualTo("the draft");
    }

    @Test
    void blankLinesAndImmediateRepeatsAreNotStored() {
        history.add("same");
        history.add("same");
        history.add("   ");
        history.add("");

        assertThat(history.older("")).isEqualTo("same");
        assertThat(history.older("same")).isNull();
    }

    @Test
    void aRepeatThatIsNotImmediateIsStoredAgain() {
        history.add("a");
        history.add("b");
        history.add("a");

        assertThat(history.older("")).isEqualTo("a");
        assertThat(history.older("")).isEqualTo("b");
        assertThat(history.older("")).isEqualTo("a");
    }

    @Test
    void addingALineEndsBrowsingAndForgetsTheDraft() {
        history.add("one");
        history.older("draft");

        history.add("two");

        assertThat(history.newer()).isNull();
        assertThat(history.older("")).isEqualTo("two");
        assertThat(history.newer()).isEmpty();
    }

    @Test
    void onlyTheLast500LinesAreKept() {
        for (int i = 1; i <= 600; i++) {
            history.add("line " + i);
        }

        String oldest = null;
        for (String line = history.older(""); line != null; line = history.older(line)) {
            oldest = line;
        }

        assertThat(oldest).isEqualTo("line 101");
    }
}
