package mychat.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A sender's record of its lines: what is unconfirmed, and which id each line was given. */
class OwnMessagesTest {
    private final OwnMessages own = new OwnMessages();

    @Test
    void linesStayUnconfirmedInSendingOrderUntilTheSenderSeesThem() {
        int a = own.next();
        int b = own.next();
        int c = own.next();
        assertThat(own.unconfirmed()).containsExactly(a, b, c);
        assertThat(own.confirm(b)).isTrue();
        assertThat(own.confirm(b)).isFalse();
        assertThat(own.unconfirmed()).containsExactly(a, c);
        assertThat(own.sent()).isEqualTo(3);
    }

    @Test
    void aLineSeenUnderASecondIdIsReportedOnce() {
        int seq = own.next();
        assertThat(own.seenByAnyone(seq)).isFalse();
        assertThat(own.record(seq, 17)).isEqualTo(OwnMessages.Recorded.FIRST);
        assertThat(own.record(seq, 17)).isEqualTo(OwnMessages.Recorded.SAME);
        assertThat(own.record(seq, 18)).isEqualTo(OwnMessages.Recorded.SECOND_ID);
        assertThat(own.record(seq, 18)).isEqualTo(OwnMessages.Recorded.SECOND_ID_AGAIN);
        assertThat(own.seenByAnyone(seq)).isTrue();
    }

    @Test
    void numbersNeverUsedOrTooOldAreUnknown() {
        assertThat(own.record(1, 5)).isEqualTo(OwnMessages.Recorded.UNKNOWN);
        for (int i = 0; i <= OwnMessages.REMEMBERED; i++) {
            own.next();
        }
        assertThat(own.record(1, 5)).isEqualTo(OwnMessages.Recorded.UNKNOWN);
        assertThat(own.seenByAnyone(1)).isNull();
        assertThat(own.record(OwnMessages.REMEMBERED + 1, 5)).isEqualTo(OwnMessages.Recorded.FIRST);
    }
}
