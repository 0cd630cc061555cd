package mychat.client.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 2", "3, 4", "4, 8", "5, 16", "6, 30", "7, 30", "100, 30", "2147483647, 30"})
    void theDelayStartsAtOneSecondAndDoublesUpToThirty(int attempt, long seconds) {
        assertThat(Backoff.delay(attempt)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void nonsenseAttemptNumbersGetTheFirstDelay() {
        assertThat(Backoff.delay(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Backoff.delay(-3)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theDelayNeverShrinksAsAttemptsGrow() {
        Duration previous = Duration.ZERO;
        for (int attempt = 1; attempt <= 64; attempt++) {
            Duration delay = Backoff.delay(attempt);
            assertThat(delay).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(Backoff.MAX);
            previous = delay;
        }
    }
}
