package mychat.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The plateau verdict over a run's memory readings, every 10 s of a 15-minute run. */
class PlateauTest {
    private static final double RUN_SECONDS = 900;

    @Test
    void memoryThatRisesDuringWarmUpAndThenStaysLevelIsAPlateau() {
        Plateau p = over(t -> t < 300 ? 100 + t / 10 : 130 + Math.sin(t) * 0.5);
        assertThat(p.verdict()).isEqualTo("plateau");
        assertThat(p.growthPct()).isBetween(-1.0, 1.0);
        assertThat(p.lastSlopeMibPerMin()).isBetween(-0.2, 0.2);
    }

    @Test
    void memoryThatRisesThroughTheMiddleThirdAndThenStopsLevelledOff() {
        // A cache filling for the first ten minutes, say, then full.
        Plateau p = over(t -> t < 600 ? 100 + t / 15 : 140);
        assertThat(p.verdict()).isEqualTo("levelled_off");
        assertThat(p.growthPct()).isGreaterThan(Plateau.LIMIT_PCT);
        assertThat(p.lastSlopeMibPerMin()).isCloseTo(0, offset(1e-9));
    }

    @Test
    void memoryThatKeepsRisingIsGrowing() {
        Plateau p = over(t -> 100 + t / 60); // 1 MiB a minute
        assertThat(p.verdict()).isEqualTo("growing");
        // Means of minutes 5-9.8 and 10-15: 305 s apart.
        assertThat(p.growthMib()).isCloseTo(305 / 60.0, offset(1e-9));
        assertThat(p.lastSlopeMibPerMin()).isCloseTo(1, offset(1e-9));
    }

    @Test
    void aLevelMeanThatStillClimbsAtTheEndIsGrowing() {
        // Flat until the last third, then 1 MiB a minute: the means differ by little, the slope does not.
        Plateau p = over(t -> t < 600 ? 200 : 200 + (t - 600) / 60);
        assertThat(p.growthPct()).isLessThan(Plateau.LIMIT_PCT);
        assertThat(p.verdict()).isEqualTo("growing");
    }

    @Test
    void readingsThatFailedAreLeftOutAndTooFewAreTooShort() {
        double[] t = {0, 350, 400, 650, 700};
        double[] mib = {90, 100, -1, 100, Double.NaN};
        Plateau p = Plateau.of(t, mib, RUN_SECONDS);
        assertThat(p.verdict()).isEqualTo("too_short");
        assertThat(p.middleSamples()).isEqualTo(1);
        assertThat(p.lastSamples()).isEqualTo(1);
    }

    private static Plateau over(DoubleUnaryOperator mibAt) {
        int n = (int) (RUN_SECONDS / 10) + 1;
        double[] t = new double[n];
        double[] mib = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 10;
            mib[i] = mibAt.applyAsDouble(t[i]);
        }
        return Plateau.of(t, mib, RUN_SECONDS);
    }
}
