package mychat.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether a memory series levelled off during a run. The first third is left out as warm-up (code compiled, pools
 * and the young generation touched for the first time); the mean of the last third is compared with the mean of the
 * middle third, and the least-squares slope over the last third says whether memory is still rising.
 *
 * <p>Verdicts, with {@link #LIMIT_PCT} as the bound of both tests:
 * <ul>
 *   <li>{@code plateau}: the last third's mean is less than {@code LIMIT_PCT} % above the middle third's, and at the
 *       last third's slope another third of the run would add less than {@code LIMIT_PCT} % more;</li>
 *   <li>{@code levelled_off}: flat by the slope, but the last third's mean is higher than that: memory still rose
 *       during the middle third (a cache or a time window filling up) and then stopped;</li>
 *   <li>{@code growing}: still rising at the end;</li>
 *   <li>{@code too_short}: a third has fewer than {@link #MIN_SAMPLES} samples.</li>
 * </ul>
 *
 * @param growthPct          last third's mean over the middle third's, in percent
 * @param lastSlopeMibPerMin least-squares slope over the last third
 */
public record Plateau(int middleSamples, int lastSamples, double middleMeanMib, double lastMeanMib, double growthMib,
                      double growthPct, double lastSlopeMibPerMin, String verdict) {

    public static final double LIMIT_PCT = 2;
    static final int MIN_SAMPLES = 3;

    /**
     * @param seconds    when each sample was taken, from the start of the run
     * @param mib        the samples; negative or NaN ones (not read) are left out
     * @param runSeconds the run's length, which the thirds divide
     */
    public static Plateau of(double[] seconds, double[] mib, double runSeconds) {
        Stats middle = new Stats();
        Stats last = new Stats();
        for (int i = 0; i < seconds.length; i++) {
            if (!(mib[i] >= 0)) {
                continue;
            }
            if (seconds[i] >= runSeconds * 2 / 3) {
                last.add(seconds[i] / 60, mib[i]);
            } else if (seconds[i] >= runSeconds / 3) {
                middle.add(seconds[i] / 60, mib[i]);
            }
        }
        if (middle.n < MIN_SAMPLES || last.n < MIN_SAMPLES) {
            return new Plateau(middle.n, last.n, middle.mean(), last.mean(), Double.NaN, Double.NaN, Double.NaN,
                    "too_short");
        }
        double growth = last.mean() - middle.mean();
        double growthPct = 100 * growth / middle.mean();
        double slope = last.slope();
        double thirdMinutes = runSeconds / 3 / 60;
        boolean flatAtTheEnd = 100 * slope * thirdMinutes / last.mean() < LIMIT_PCT;
        String verdict = !flatAtTheEnd ? "growing" : growthPct < LIMIT_PCT ? "plateau" : "levelled_off";
        return new Plateau(middle.n, last.n, middle.mean(), last.mean(), growth, growthPct, slope, verdict);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", verdict);
        m.put("middle_third_mean_mib", Json.round(middleMeanMib, 1));
        m.put("last_third_mean_mib", Json.round(lastMeanMib, 1));
        m.put("growth_mib", Json.round(growthMib, 1));
        m.put("growth_pct", Json.round(growthPct, 2));
        m.put("last_third_slope_mib_per_min", Json.round(lastSlopeMibPerMin, 3));
        m.put("middle_third_samples", middleSamples);
        m.put("last_third_samples", lastSamples);
        m.put("limit_pct", LIMIT_PCT);
        return m;
    }

    /** "plateau: last third 182.3 MiB vs middle 180.1 MiB (+2.2 MiB, +1.2 %), slope +0.05 MiB/min" */
    public String describe() {
        if (verdict.equals("too_short")) {
            return "too short to tell (" + middleSamples + " samples in the middle third, " + lastSamples
                    + " in the last; need " + MIN_SAMPLES + ")";
        }
        return String.format("%s: last third %.1f MiB vs middle %.1f MiB (%+.1f MiB, %+.1f %%), slope over the last "
                + "third %+.2f MiB/min", verdict, lastMeanMib, middleMeanMib, growthMib, growthPct, lastSlopeMibPerMin);
    }

    /** Mean and least-squares slope of (minute, MiB) points. */
    private static final class Stats {
        int n;
        double sumX;
        double sumY;
        double sumXY;
        double sumXX;

        void add(double x, double y) {
            n++;
            sumX += x;
            sumY += y;
            sumXY += x * y;
            sumXX += x * x;
        }

        double mean() {
            return n == 0 ? Double.NaN : sumY / n;
        }

        double slope() {
            double d = n * sumXX - sumX * sumX;
            return d == 0 ? 0 : (n * sumXY - sumX * sumY) / d;
        }
    }
}
