package io.regimestream.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.regimestream.common.model.ModelMetadata.TrainingDistribution;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DistributionSummaryTest {

    @Test
    void elevenEvenlySpacedValuesHaveTheirDecilesOnTheValues() {
        double[] shuffled = {50, 0, 100, 30, 70, 10, 90, 20, 80, 40, 60};
        TrainingDistribution d = DistributionSummary.of(shuffled);
        assertThat(d.count()).isEqualTo(11);
        assertThat(d.min()).isZero();
        assertThat(d.max()).isEqualTo(100);
        assertThat(d.deciles()).containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90);
        assertThat(shuffled[0]).as("the input is left as it was").isEqualTo(50);
    }

    @Test
    void aCutBetweenTwoReadingsIsInterpolated() {
        // 1..10: rank of the 10 % cut is 9 * 0.1 = 0.9, between 1 and 2
        TrainingDistribution d = DistributionSummary.of(
                IntStream.rangeClosed(1, 10).asDoubleStream().toArray());
        assertThat(d.deciles()[0]).isCloseTo(1.9, within(1e-12));
        assertThat(d.deciles()[4]).as("the median of 1..10").isCloseTo(5.5, within(1e-12));
        assertThat(d.deciles()).hasSize(DistributionSummary.DECILE_CUTS).isSorted();
    }

    @Test
    void oneReadingIsEveryCut() {
        TrainingDistribution d = DistributionSummary.of(new double[] {42.5});
        assertThat(d.deciles()).containsOnly(42.5);
        assertThat(d.min()).isEqualTo(d.max()).isEqualTo(42.5);
    }

    @Test
    void noReadingsIsRefused() {
        assertThatThrownBy(() -> DistributionSummary.of(new double[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
