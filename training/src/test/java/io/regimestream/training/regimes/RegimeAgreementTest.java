package io.regimestream.training.regimes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegimeAgreementTest {

    @Test
    void theSameGroupingNumberedDifferentlyAgreesCompletely() {
        RegimeAgreement swapped =
                new RegimeAgreement(new long[][] {{0, 5, 0}, {7, 0, 0}, {0, 0, 3}}, List.of("a", "b", "c"));
        assertThat(swapped.adjustedRandIndex()).isEqualTo(1.0);
        assertThat(swapped.total()).isEqualTo(15);
    }

    @Test
    void aHandWorkedTableGivesTheTextbookIndex() {
        // truth [0,0,0,1,1,1], KMeans [0,0,1,1,2,2]: pairs together in both 2, rows 3, columns 6, of 15;
        // expected 3*6/15 = 1.2, max (3+6)/2 = 4.5, so (2-1.2)/(4.5-1.2) = 0.2424 (scikit-learn gives the same)
        RegimeAgreement agreement = new RegimeAgreement(new long[][] {{2, 0}, {1, 1}, {0, 2}}, List.of("cool", "hot"));
        assertThat(agreement.adjustedRandIndex()).isCloseTo(0.8 / 3.3, within(1e-12));
    }

    @Test
    void groupingsThatIgnoreEachOtherScoreAboutZero() {
        RegimeAgreement independent = new RegimeAgreement(new long[][] {{5, 5}, {5, 5}}, List.of("a", "b"));
        double expected = 90.0 * 90 / 190;
        assertThat(independent.adjustedRandIndex())
                .isCloseTo((40 - expected) / (90 - expected), within(1e-12))
                .isBetween(-0.1, 0.0);
    }

    @Test
    void oneStrayReadingLowersTheIndexALittle() {
        double index = new RegimeAgreement(new long[][] {{100, 1}, {0, 100}}, List.of("a", "b")).adjustedRandIndex();
        assertThat(index).isLessThan(1.0).isGreaterThan(0.95);
    }

    @Test
    void everythingInOneGroupOnBothSidesIsFullAgreement() {
        assertThat(new RegimeAgreement(new long[][] {{9}}, List.of("only")).adjustedRandIndex())
                .isEqualTo(1.0);
    }

    @Test
    void aRowOfTheWrongWidthIsRefused() {
        assertThatThrownBy(() -> new RegimeAgreement(new long[][] {{1, 2}, {3}}, List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 1");
    }
}
