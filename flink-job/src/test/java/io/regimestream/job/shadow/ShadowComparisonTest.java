package io.regimestream.job.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.regimestream.common.records.ShadowReport;
import io.regimestream.model.RegimeScore;
import org.junit.jupiter.api.Test;

/** The comparison's arithmetic on hand-made scores, the expected figures worked out in the comments. */
class ShadowComparisonTest {

    @Test
    void countsAgreementsConfusionAndTheMeanAbsoluteProbabilityDifference() {
        // Active: 3 regimes, shadow: 2 regimes.
        ShadowComparison c = new ShadowComparison("a-1", 3, "s-1", 2, 1_000);
        // Same regime 0, probabilities |0.9-0.8| + |0.1-0.2| + |0-0| = 0.2 over 3 regimes.
        c.add(score(0, 0.9, 0.1, 0.0), score(0, 0.8, 0.2));
        // Active 1, shadow 0: |0.2-0.6| + |0.7-0.4| + |0.1-0| = 0.8 over 3.
        c.add(score(1, 0.2, 0.7, 0.1), score(0, 0.6, 0.4));
        // Active 2, shadow 1 (the shadow has no regime 2): |0-0| + |0-1| + |1-0| = 2 over 3.
        c.add(score(2, 0.0, 0.0, 1.0), score(1, 0.0, 1.0));
        // Same regime 1, identical where both have a regime: 0.
        c.add(score(1, 0.0, 1.0, 0.0), score(1, 0.0, 1.0));

        ShadowReport r = c.report(11_000);

        assertThat(r.readings()).isEqualTo(4);
        assertThat(r.agreements()).isEqualTo(2);
        assertThat(r.agreementRate()).isEqualTo(0.5);
        assertThat(r.meanAbsProbabilityDifference()).isCloseTo((0.2 + 0.8 + 2.0 + 0.0) / 3 / 4, within(1e-12));
        assertThat(r.confusion()).isDeepEqualTo(new long[][] {{1, 0}, {1, 1}, {0, 1}});
        assertThat(r.activeVersion()).isEqualTo("a-1");
        assertThat(r.shadowVersion()).isEqualTo("s-1");
        assertThat(r.fromMillis()).isEqualTo(1_000);
        assertThat(r.toMillis()).isEqualTo(11_000);
    }

    @Test
    void aReportIsACopyThatLaterReadingsDoNotChange() {
        ShadowComparison c = new ShadowComparison("a", 2, "s", 2, 0);
        c.add(score(0, 1, 0), score(1, 0, 1));
        ShadowReport first = c.report(1);
        c.add(score(0, 1, 0), score(0, 1, 0));

        assertThat(first.confusion()).isDeepEqualTo(new long[][] {{0, 1}, {0, 0}});
        assertThat(first.meanAbsProbabilityDifference()).isEqualTo(1.0);
        assertThat(c.report(2).confusion()).isDeepEqualTo(new long[][] {{1, 1}, {0, 0}});
    }

    @Test
    void withoutReadingsTheRateIsUndefinedAndTheDifferenceZero() {
        ShadowReport r = new ShadowComparison("a", 2, "s", 3, 0).report(5);

        assertThat(r.readings()).isZero();
        assertThat(r.agreementRate()).isNaN();
        assertThat(r.meanAbsProbabilityDifference()).isZero();
        assertThat(r.confusion()).isDeepEqualTo(new long[][] {{0, 0, 0}, {0, 0, 0}});
        assertThatThrownBy(() -> new ShadowComparison("a", 0, "s", 3, 0)).hasMessageContaining("at least one regime");
    }

    private static RegimeScore score(int regime, double... probabilities) {
        return new RegimeScore(regime, probabilities[regime], probabilities);
    }
}
