package io.regimestream.training.elbow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.model.ModelMetadata.ElbowPoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KneeRuleTest {

    private static List<ElbowPoint> curve(int kMin, double... costs) {
        List<ElbowPoint> points = new ArrayList<>();
        for (int i = 0; i < costs.length; i++) {
            points.add(new ElbowPoint(kMin + i, costs[i]));
        }
        return points;
    }

    @Test
    void picksTheKWhereTheCostStopsFallingSteeply() {
        // shape of four well separated regimes: big drops up to k = 4, small ones after
        assertThat(KneeRule.chooseK(curve(2, 97390, 47546, 6739, 5981, 4141, 3647, 2425, 2253, 1614, 1387, 1293)))
                .isEqualTo(4);
    }

    @Test
    void picksThreeForThreeClusters() {
        assertThat(KneeRule.chooseK(curve(2, 500, 60, 45, 35, 30, 27))).isEqualTo(3);
    }

    @Test
    void doesNotDependOnTheScaleOfTheCost() {
        List<ElbowPoint> small = curve(2, 9.7, 4.7, 0.67, 0.59, 0.41, 0.36);
        List<ElbowPoint> large = curve(2, 9.7e6, 4.7e6, 0.67e6, 0.59e6, 0.41e6, 0.36e6);
        assertThat(KneeRule.chooseK(small)).isEqualTo(KneeRule.chooseK(large)).isEqualTo(4);
    }

    @Test
    void aStraightLineHasNoKneeSoTheSmallestKWins() {
        assertThat(KneeRule.chooseK(curve(2, 50, 40, 30, 20, 10))).isEqualTo(2);
    }

    @Test
    void aFlatCurveGivesTheSmallestK() {
        assertThat(KneeRule.chooseK(curve(3, 7, 7, 7, 7))).isEqualTo(3);
    }

    @Test
    void withFewerThanThreePointsTheSmallestKIsTaken() {
        assertThat(KneeRule.chooseK(curve(5, 100))).isEqualTo(5);
        assertThat(KneeRule.chooseK(curve(2, 100, 10))).isEqualTo(2);
    }

    @Test
    void anEmptyCurveIsAProgrammingError() {
        assertThatThrownBy(() -> KneeRule.chooseK(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRuleIsStatedInWords() {
        assertThat(KneeRule.DESCRIPTION)
                .contains("farthest below the straight line")
                .contains("smaller k");
    }
}
