package mychat.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import mychat.bench.soak.SequenceCheck.Lag;
import mychat.bench.soak.SequenceCheck.Verdict;
import org.junit.jupiter.api.Test;

/** The per-client check of a room's ids: in order by one, holes only where a lagged notice announced them. */
class SequenceCheckTest {
    private final SequenceCheck check = new SequenceCheck();

    @Test
    void idsGoingUpByOneAreInOrderAfterTheFirst() {
        assertThat(check.resumeCursor()).isNull();
        assertThat(check.onMessage(41)).isEqualTo(Verdict.FIRST);
        assertThat(check.onMessage(42)).isEqualTo(Verdict.IN_ORDER);
        assertThat(check.onMessage(43)).isEqualTo(Verdict.IN_ORDER);
        assertThat(check.resumeCursor()).isEqualTo(43L);
    }

    @Test
    void aSkippedIdIsAGapThatSaysHowManyAreMissing() {
        check.onMessage(1);
        assertThat(check.onMessage(5)).isEqualTo(Verdict.GAP);
        assertThat(check.missing()).isEqualTo(3);
        assertThat(check.onMessage(6)).isEqualTo(Verdict.IN_ORDER);
    }

    @Test
    void anIdSeenBeforeIsADuplicateAndAMissedOneArrivingLateIsReordered() {
        check.onMessage(10);
        check.onMessage(11);
        check.onMessage(13); // 12 missing
        assertThat(check.onMessage(11)).isEqualTo(Verdict.DUPLICATE);
        assertThat(check.onMessage(13)).isEqualTo(Verdict.DUPLICATE);
        assertThat(check.onMessage(12)).isEqualTo(Verdict.REORDERED);
        assertThat(check.onMessage(12)).isEqualTo(Verdict.DUPLICATE);
        assertThat(check.onMessage(14)).isEqualTo(Verdict.IN_ORDER);
    }

    @Test
    void anIdOlderThanTheWindowCountsAsADuplicate() {
        check.onMessage(1);
        check.onMessage(2 + SequenceCheck.WINDOW); // a gap, far ahead
        assertThat(check.onMessage(1)).isEqualTo(Verdict.DUPLICATE);
        assertThat(check.onMessage(2)).isEqualTo(Verdict.DUPLICATE); // never seen, but beyond the window
        assertThat(check.onMessage(3)).isEqualTo(Verdict.REORDERED); // never seen, inside the window
    }

    @Test
    void aLaggedRangeRightAfterTheLastIdIsAKnownHoleNotAGap() {
        check.onMessage(7);
        assertThat(check.onLagged(8, 20, 13)).isEqualTo(Lag.EXPECTED);
        assertThat(check.resumeCursor()).isEqualTo(20L);
        assertThat(check.onMessage(21)).isEqualTo(Verdict.IN_ORDER);
        assertThat(check.onMessage(15)).isEqualTo(Verdict.REORDERED); // announced as dropped, then delivered
    }

    @Test
    void aLaggedRangeThatStartsLaterLeavesAGapBeforeIt() {
        check.onMessage(7);
        assertThat(check.onLagged(10, 12, 3)).isEqualTo(Lag.AFTER_GAP);
        assertThat(check.missing()).isEqualTo(2);
        assertThat(check.onMessage(13)).isEqualTo(Verdict.IN_ORDER);
    }

    @Test
    void aLaggedRangeOverIdsAlreadyReceivedOrWithFiguresThatDisagreeIsAnAnomaly() {
        check.onMessage(7);
        check.onMessage(8);
        assertThat(check.onLagged(8, 9, 2)).isEqualTo(Lag.OVERLAPPING);
        assertThat(check.onMessage(10)).isEqualTo(Verdict.IN_ORDER);
        assertThat(check.onLagged(11, 12, 5)).isEqualTo(Lag.INCONSISTENT);
        assertThat(check.onLagged(14, 13, 0)).isEqualTo(Lag.INCONSISTENT);
    }

    @Test
    void aLaggedNoticeBeforeAnyMessageSetsWhereTheSequenceStands() {
        assertThat(check.onLagged(3, 4, 2)).isEqualTo(Lag.EXPECTED);
        assertThat(check.onMessage(5)).isEqualTo(Verdict.IN_ORDER);
    }

    @Test
    void forgettingStartsAfreshAtTheNextId() {
        check.onMessage(100);
        check.forget();
        assertThat(check.resumeCursor()).isNull();
        assertThat(check.onMessage(60)).isEqualTo(Verdict.FIRST);
        assertThat(check.onMessage(61)).isEqualTo(Verdict.IN_ORDER);
        assertThat(check.onMessage(100)).isEqualTo(Verdict.GAP);
    }
}
