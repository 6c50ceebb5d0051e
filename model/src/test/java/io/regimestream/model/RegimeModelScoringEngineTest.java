package io.regimestream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.regimestream.model.testing.TestModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's scores are the same whichever engine computes them; the log line says which one does. */
class RegimeModelScoringEngineTest {

    @TempDir
    Path dir;

    @Test
    void theCommittedModelIsScoredByTheFastPathWithJpmmlsExactResults() {
        String location = TestModels.committed().toString();
        RegimeModel auto = RegimeModel.load(location);
        RegimeModel jpmml = RegimeModel.load(location, ScoringEngine.JPMML);

        assertThat(auto.usesFastPath()).isTrue();
        assertThat(auto.describe())
                .contains("scored by fast path (1 input -> 6 logistic -> 8 logistic -> 4 identity+softmax)");
        assertThat(jpmml.usesFastPath()).isFalse();
        assertThat(jpmml.describe()).contains("scored by JPMML (chosen)");
        assertSameScores(
                auto,
                jpmml,
                DoubleStream.concat(
                        DoubleStream.iterate(-50.0, t -> t <= 150.0, t -> t + 0.37),
                        DoubleStream.concat(
                                DoubleStream.of(
                                        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1e300),
                                new SplittableRandom(5).longs(2_000).mapToDouble(Double::longBitsToDouble))));
    }

    @Test
    void aModelTheFastPathDoesNotReproduceIsScoredByJpmmlAndSaysWhy() {
        RegimeModel standIn = RegimeModel.load(TestModels.standIn(dir).toString());

        assertThat(standIn.usesFastPath()).isFalse();
        assertThat(standIn.describe())
                .contains("scored by JPMML (fast path not supported: the model is a RegressionModel");
        assertThat(standIn.score(66.5).regime()).isEqualTo(3);
    }

    /** The same regime, confidence and probabilities to the bit, or the same error. */
    private static void assertSameScores(RegimeModel actual, RegimeModel expected, DoubleStream temperatures) {
        temperatures.forEach(t -> {
            Throwable expectedError = catchThrowable(() -> expected.score(t));
            if (expectedError != null) {
                assertThat(catchThrowable(() -> actual.score(t)))
                        .as("temperature %s", t)
                        .isInstanceOf(expectedError.getClass())
                        .hasMessage(expectedError.getMessage());
                return;
            }
            RegimeScore e = expected.score(t);
            RegimeScore a = actual.score(t);
            assertThat(a.regime()).as("regime at %s", t).isEqualTo(e.regime());
            assertThat(Double.doubleToLongBits(a.confidence()))
                    .as("confidence at %s", t)
                    .isEqualTo(Double.doubleToLongBits(e.confidence()));
            assertThat(Arrays.equals(a.probabilities(), e.probabilities()))
                    .as(
                            "probabilities at %s: %s vs %s",
                            t, Arrays.toString(a.probabilities()), Arrays.toString(e.probabilities()))
                    .isTrue();
        });
    }
}
