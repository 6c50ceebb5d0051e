package io.regimestream.training.data;

import io.regimestream.common.model.ModelMetadata.TrainingDistribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleToIntFunction;

/**
 * Per regime, the distribution of the training readings the model itself predicts in that regime
 * (model.json's {@code regimeDistributions}): the job bins each live reading by the deciles of the
 * regime it was predicted in, so that readings like the training data fill the 10 bins evenly
 * whatever mix of regimes a machine went through.
 *
 * <p>That holds only when each regime's decile bins really hold a tenth of its training readings.
 * They do not when a regime has few readings (the cut points are then noisy estimates: over n
 * readings a bin's share is off by about {@code sqrt(0.09/n)}, which adds about {@code 9/n} to
 * every PSI) or takes few distinct values (integer temperatures: a value that holds 1/8 of the
 * regime's readings cannot be split between bins). Then no regime's distribution is written, the
 * reason is given, and the job compares with the whole training distribution as before.
 *
 * @param distributions per regime (index = regime), or null when left out
 * @param leftOutBecause why they were left out, or null
 */
public record RegimeDistributions(List<TrainingDistribution> distributions, String leftOutBecause) {

    /** Fewer readings than this make decile bins off by up to a third of a tenth, and PSI ~0.02 higher. */
    public static final int MIN_READINGS = 500;
    /** The most a regime's decile bin may differ from a tenth of its readings: adds at most ~0.04 to PSI. */
    public static final double MAX_BIN_DEVIATION = 0.02;

    /**
     * @param regimeOf the model's predicted regime of a temperature, 0 .. {@code k - 1}
     */
    public static RegimeDistributions of(double[] temperatures, DoubleToIntFunction regimeOf, int k) {
        List<double[]> byRegime = split(temperatures, regimeOf, k);
        List<TrainingDistribution> distributions = new ArrayList<>();
        for (int r = 0; r < k; r++) {
            double[] readings = byRegime.get(r);
            if (readings.length < MIN_READINGS) {
                return leftOut(String.format(
                        Locale.ROOT,
                        "the model predicts regime %d for %d training readings, fewer than the %d its deciles need",
                        r,
                        readings.length,
                        MIN_READINGS));
            }
            TrainingDistribution d = DistributionSummary.of(readings);
            double[] shares = binShares(readings, d.deciles());
            double lowest = Arrays.stream(shares).min().orElseThrow();
            double highest = Arrays.stream(shares).max().orElseThrow();
            if (lowest < 0.1 - MAX_BIN_DEVIATION || highest > 0.1 + MAX_BIN_DEVIATION) {
                return leftOut(String.format(
                        Locale.ROOT,
                        "regime %d's %d training readings take %d distinct values, too few for 10 equally likely bins "
                                + "(its decile bins hold %.3f to %.3f of them instead of 0.1 each)",
                        r,
                        readings.length,
                        Arrays.stream(readings).distinct().count(),
                        lowest,
                        highest));
            }
            distributions.add(d);
        }
        return new RegimeDistributions(List.copyOf(distributions), null);
    }

    private static RegimeDistributions leftOut(String reason) {
        return new RegimeDistributions(null, reason);
    }

    private static List<double[]> split(double[] temperatures, DoubleToIntFunction regimeOf, int k) {
        int[] regimes = new int[temperatures.length];
        int[] counts = new int[k];
        for (int i = 0; i < temperatures.length; i++) {
            int r = regimeOf.applyAsInt(temperatures[i]);
            if (r < 0 || r >= k) {
                throw new IllegalStateException(
                        "the model predicts regime " + r + " of " + k + " for " + temperatures[i]);
            }
            regimes[i] = r;
            counts[r]++;
        }
        List<double[]> byRegime = new ArrayList<>();
        int[] filled = new int[k];
        for (int r = 0; r < k; r++) {
            byRegime.add(new double[counts[r]]);
        }
        for (int i = 0; i < temperatures.length; i++) {
            byRegime.get(regimes[i])[filled[regimes[i]]++] = temperatures[i];
        }
        return byRegime;
    }

    /** The share of {@code readings} in each of the 10 bins as the job counts them: bin = cut points below the reading. */
    static double[] binShares(double[] readings, double[] cuts) {
        double[] shares = new double[cuts.length + 1];
        for (double t : readings) {
            int bin = 0;
            for (double c : cuts) {
                bin += c < t ? 1 : 0;
            }
            shares[bin]++;
        }
        for (int i = 0; i < shares.length; i++) {
            shares[i] /= readings.length;
        }
        return shares;
    }
}
