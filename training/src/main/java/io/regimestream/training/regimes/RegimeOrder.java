package io.regimestream.training.regimes;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * KMeans numbers its clusters arbitrarily; we number regimes by temperature so that regime 0 is
 * always the coolest and regime k-1 the hottest, whatever the seed or the data order.
 */
public final class RegimeOrder {

    private RegimeOrder() {}

    /**
     * @param centroids cluster index -> centroid temperature
     * @return cluster index -> regime number (rank of its centroid, coolest first; ties by cluster index)
     */
    public static int[] regimeOfCluster(double[] centroids) {
        Integer[] byTemperature = IntStream.range(0, centroids.length).boxed().toArray(Integer[]::new);
        Arrays.sort(
                byTemperature,
                Comparator.<Integer>comparingDouble(c -> centroids[c]).thenComparingInt(c -> c));
        int[] regime = new int[centroids.length];
        for (int rank = 0; rank < byTemperature.length; rank++) {
            regime[byTemperature[rank]] = rank;
        }
        return regime;
    }
}
