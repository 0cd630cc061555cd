package mychat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import mychat.bench.scenario.RateSearch;
import org.junit.jupiter.api.Test;

/** The rate search converges on the capacity of a system that holds any rate up to a limit. */
class RateSearchTest {

    @Test
    void rampsUpThenBisectsToWithinTenPercentOfTheLimit() {
        List<Double> tried = new ArrayList<>();
        double best = search(new RateSearch(100, 2, 1e9, 10, 0.1), 1234, tried);

        assertThat(tried.subList(0, 9)).containsExactly(100.0, 200.0, 400.0, 800.0, 1600.0, 1600.0, 3200.0, 3200.0,
                Math.sqrt(800 * 1600));
        assertThat(best).isLessThanOrEqualTo(1234).isGreaterThan(1234 / 1.1);
    }

    @Test
    void rampsDownWhenTheFirstRateFails() {
        double best = search(new RateSearch(100, 2, 1e9, 10, 0.1), 30, new ArrayList<>());

        assertThat(best).isLessThanOrEqualTo(30).isGreaterThan(30 / 1.1);
    }

    @Test
    void stopsAtTheCeiling() {
        List<Double> tried = new ArrayList<>();
        double best = search(new RateSearch(100, 2, 300, 10, 0.1), 1e9, tried);

        assertThat(tried).containsExactly(100.0, 200.0, 300.0);
        assertThat(best).isEqualTo(300);
    }

    @Test
    void aRateThatFailsOnceThenHoldsCountsAsHeld() {
        List<Double> tried = new ArrayList<>();
        RateSearch s = new RateSearch(100, 2, 400, 10, 0.1);
        boolean hiccupDone = false;
        for (double r = s.next(); !Double.isNaN(r); r = s.next()) {
            tried.add(r);
            boolean hiccup = r == 200 && !hiccupDone;
            hiccupDone |= hiccup;
            s.record(r, !hiccup);
        }

        assertThat(tried).containsExactly(100.0, 200.0, 200.0, 400.0);
        assertThat(s.best()).isEqualTo(400);
    }

    @Test
    void aRateThatFailsBelowOnesThatHoldDoesNotEndTheRamp() {
        List<Double> tried = new ArrayList<>();
        RateSearch s = new RateSearch(100, 2, 1e9, 10, 0.1);
        for (double r = s.next(); !Double.isNaN(r); r = s.next()) {
            tried.add(r);
            s.record(r, r != 200 && r <= 1234); // 200 always fails, as a saturated core's p99 can
        }

        assertThat(tried.subList(0, 4)).containsExactly(100.0, 200.0, 200.0, 400.0);
        assertThat(s.best()).isLessThanOrEqualTo(1234).isGreaterThan(1234 / 1.1);
    }

    @Test
    void theRampEndsAfterTwoFailingRatesInARow() {
        List<Double> tried = new ArrayList<>();
        search(new RateSearch(100, 2, 1e9, 0, 0.1), 150, tried);

        assertThat(tried).containsExactly(100.0, 200.0, 200.0, 400.0, 400.0);
    }

    private static double search(RateSearch s, double limit, List<Double> tried) {
        for (double r = s.next(); !Double.isNaN(r); r = s.next()) {
            tried.add(r);
            s.record(r, r <= limit);
        }
        return s.best();
    }
}
