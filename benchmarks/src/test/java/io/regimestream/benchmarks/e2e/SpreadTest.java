package io.regimestream.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void oddCountTakesTheMiddleValueAndTheRange() {
        Spread s = Spread.of(List.of(300.0, 100.0, 200.0));
        assertThat(s.median()).isEqualTo(200.0);
        assertThat(s.min()).isEqualTo(100.0);
        assertThat(s.max()).isEqualTo(300.0);
        assertThat(s.runs()).isEqualTo(3);
    }

    @Test
    void evenCountTakesTheMeanOfTheTwoMiddleValues() {
        assertThat(Spread.of(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
    }

    @Test
    void missingFiguresAreLeftOutAndNoFiguresGiveNaN() {
        Spread s = Spread.of(Arrays.asList(5.0, Double.NaN, null, 7.0, 6.0));
        assertThat(s.runs()).isEqualTo(3);
        assertThat(s.median()).isEqualTo(6.0);
        assertThat(Spread.of(List.of(Double.NaN)).median()).isNaN();
        assertThat(Spread.of(List.of()).runs()).isZero();
    }

    @Test
    void ratioIsOfTheMedians() {
        Spread job = Spread.of(List.of(50.0, 60.0, 70.0));
        Spread raw = Spread.of(List.of(100.0, 120.0, 500.0));
        assertThat(Spread.ratioOfMedians(job, raw)).isEqualTo(0.5);
        assertThat(Spread.ratioOfMedians(job, null)).isNaN();
        assertThat(Spread.ratioOfMedians(job, Spread.of(List.of()))).isNaN();
    }
}
