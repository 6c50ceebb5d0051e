package io.regimestream.benchmarks.e2e;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The median and range of one figure over repeated runs: on a shared machine a single run says
 * little, the median of a few says more, and the range says how much to trust it.
 *
 * @param median the middle value (the mean of the two middle ones for an even count)
 * @param min    the smallest value
 * @param max    the largest value
 * @param runs   how many values
 */
public record Spread(double median, double min, double max, int runs) {

    public static Spread of(Collection<Double> values) {
        List<Double> sorted = new ArrayList<>();
        for (Double v : values) {
            if (v != null && !v.isNaN()) {
                sorted.add(v);
            }
        }
        if (sorted.isEmpty()) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        sorted.sort(Double::compare);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(n - 1), n);
    }

    /** The ratio of two medians, NaN when either is missing. */
    public static double ratioOfMedians(Spread numerator, Spread denominator) {
        if (numerator == null || denominator == null || !(denominator.median() > 0)) {
            return Double.NaN;
        }
        return numerator.median() / denominator.median();
    }
}
