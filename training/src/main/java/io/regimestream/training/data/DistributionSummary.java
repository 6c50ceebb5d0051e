package io.regimestream.training.data;

import io.regimestream.common.model.ModelMetadata.TrainingDistribution;
import java.util.Arrays;

/**
 * The training temperatures' distribution for model.json: count, min, max and the 9 decile cut
 * points, computed exactly on the driver (the readings are there already, and exact values make
 * the same data give the same model.json). A cut point between two readings is interpolated
 * linearly between the neighbouring order statistics (rank {@code (n-1)·p}), like numpy's default.
 */
public final class DistributionSummary {

    public static final int DECILE_CUTS = 9;

    private DistributionSummary() {}

    public static TrainingDistribution of(double[] temperatures) {
        if (temperatures.length == 0) {
            throw new IllegalArgumentException("no temperatures to summarise");
        }
        double[] sorted = temperatures.clone();
        Arrays.sort(sorted);
        double[] deciles = new double[DECILE_CUTS];
        for (int i = 0; i < DECILE_CUTS; i++) {
            deciles[i] = quantile(sorted, (i + 1) / 10.0);
        }
        return new TrainingDistribution(sorted.length, sorted[0], sorted[sorted.length - 1], deciles);
    }

    /** The p-quantile of ascending values, linear between the order statistics at ranks floor and ceil of (n-1)·p. */
    static double quantile(double[] sorted, double p) {
        double rank = (sorted.length - 1) * p;
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = rank - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
