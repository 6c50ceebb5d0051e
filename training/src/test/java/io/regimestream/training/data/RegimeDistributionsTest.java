package io.regimestream.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.model.ModelMetadata.TrainingDistribution;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegimeDistributionsTest {

    private final SplittableRandom random = new SplittableRandom(3);

    /** Two regimes around 40 and 60 °C, split at 50 like a classifier would. */
    private static int regimeOf(double t) {
        return t < 50 ? 0 : 1;
    }

    @Test
    void eachRegimeHasTheDecilesOfTheReadingsPredictedInIt() {
        double[] readings = new double[4_000];
        for (int i = 0; i < readings.length; i++) {
            readings[i] = (i % 4 == 0 ? 60 : 40) + random.nextDouble() * 4 - 2; // 1,000 hot, 3,000 cool
        }
        RegimeDistributions split = RegimeDistributions.of(readings, RegimeDistributionsTest::regimeOf, 2);

        assertThat(split.leftOutBecause()).isNull();
        TrainingDistribution cool = split.distributions().get(0);
        TrainingDistribution hot = split.distributions().get(1);
        assertThat(cool.count()).isEqualTo(3_000);
        assertThat(hot.count()).isEqualTo(1_000);
        assertThat(cool.min()).isBetween(38.0, 38.1);
        assertThat(hot.deciles()[4]).as("the hot regime's median").isBetween(59.8, 60.2);
        for (TrainingDistribution d : split.distributions()) {
            for (double share : RegimeDistributions.binShares(readings(readings, d), d.deciles())) {
                assertThat(share).isBetween(0.099, 0.101);
            }
        }
    }

    @Test
    void integerReadingsTooDiscreteForTenEquallyLikelyBinsLeaveThemOutSayingWhy() {
        double[] readings = new double[4_000]; // the article's randint(40, 70): 8 values per regime here
        for (int i = 0; i < readings.length; i++) {
            readings[i] = 40 + random.nextInt(8) + (i % 2 == 0 ? 20 : 0);
        }
        RegimeDistributions split = RegimeDistributions.of(readings, RegimeDistributionsTest::regimeOf, 2);

        assertThat(split.distributions()).isNull();
        assertThat(split.leftOutBecause()).contains("regime 0's 2000 training readings take 8 distinct values");
    }

    @Test
    void aRegimeWithTooFewReadingsLeavesThemOut() {
        double[] readings = new double[2_000];
        for (int i = 0; i < readings.length; i++) {
            readings[i] = (i < 100 ? 60 : 40) + random.nextDouble();
        }
        assertThat(RegimeDistributions.of(readings, RegimeDistributionsTest::regimeOf, 2)
                        .leftOutBecause())
                .contains("regime 1 for 100 training readings, fewer than the 500");
    }

    private static double[] readings(double[] all, TrainingDistribution d) {
        return java.util.Arrays.stream(all)
                .filter(t -> t >= d.min() && t <= d.max())
                .toArray();
    }
}
