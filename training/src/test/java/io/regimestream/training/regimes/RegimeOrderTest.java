package io.regimestream.training.regimes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegimeOrderTest {

    @Test
    void numbersClustersByCentroidTemperatureCoolestFirst() {
        // KMeans found the hot cluster first: cluster 0 = 66 °C must become regime 3
        assertThat(RegimeOrder.regimeOfCluster(new double[] {66.0, 40.0, 57.0, 48.0}))
                .containsExactly(3, 0, 2, 1);
    }

    @Test
    void keepsAnAlreadyOrderedNumbering() {
        assertThat(RegimeOrder.regimeOfCluster(new double[] {40.0, 48.0, 57.0, 66.0}))
                .containsExactly(0, 1, 2, 3);
    }

    @Test
    void reversesADescendingNumbering() {
        assertThat(RegimeOrder.regimeOfCluster(new double[] {70.0, 50.0, 30.0})).containsExactly(2, 1, 0);
    }

    @Test
    void breaksTiesByClusterIndexSoEveryRegimeNumberIsUsedOnce() {
        assertThat(RegimeOrder.regimeOfCluster(new double[] {50.0, 40.0, 50.0})).containsExactly(1, 0, 2);
    }
}
