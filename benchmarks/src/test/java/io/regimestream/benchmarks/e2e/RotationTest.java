package io.regimestream.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RotationTest {

    @Test
    void eachRoundStartsOneFurther() {
        assertThat(Rotation.rounds(List.of("A", "B", "C"), 4))
                .containsExactly(
                        List.of("A", "B", "C"), List.of("B", "C", "A"), List.of("C", "A", "B"), List.of("A", "B", "C"));
    }

    @Test
    void overAFullCycleEveryItemTakesEveryPositionOnce() {
        List<List<Integer>> rounds = Rotation.rounds(List.of(1, 2, 3, 4, 5), 5);
        for (int position = 0; position < 5; position++) {
            int p = position;
            assertThat(rounds.stream().map(r -> r.get(p)).toList()).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        }
    }

    @Test
    void atLeastOneRound() {
        assertThatThrownBy(() -> Rotation.rounds(List.of("A"), 0)).hasMessageContaining("--runs");
    }
}
