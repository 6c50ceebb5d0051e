package io.regimestream.model.fast;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.config.PipelineDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.DoubleStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast scorer against the JPMML evaluator on every 0.01 °C from -50 to 150 and on 100,000
 * random doubles (uniform, and random bit patterns: subnormals, huge values, infinities, NaN):
 * the same regime and bit-identical probabilities, or a hand-over to JPMML (only for NaN).
 */
class FastRegimeScorerParityTest {

    private static final int RANDOM_INPUTS = 100_000;

    @ParameterizedTest
    @ValueSource(strings = {"committed", "models/k3-layers5/model.pmml"})
    void scoresExactlyLikeJpmml(String model) throws Exception {
        JpmmlReference jpmml = new JpmmlReference(locate(model));
        FastPathSupport support = FastRegimeScorer.compile(jpmml.pmml());
        assertThat(support.isSupported()).as(support.reason()).isTrue();
        FastRegimeScorer fast = support.scorer().orElseThrow();
        assertThat(fast.regimeCount()).isEqualTo(jpmml.regimeCount());

        Comparison grid = compare(
                jpmml,
                fast,
                DoubleStream.iterate(-5000, i -> i <= 15000, i -> i + 1).map(i -> i / 100.0));
        assertThat(grid.mismatches).as("mismatches on the 0.01 °C grid").isEmpty();
        assertThat(grid.compared).isEqualTo(20_001);
        assertThat(grid.regimesSeen).as("the grid crosses every regime").isEqualTo(jpmml.regimeCount());

        Comparison random = compare(jpmml, fast, randomInputs());
        assertThat(random.mismatches).as("mismatches on random doubles").isEmpty();
        assertThat(random.handedOver).as("only NaN goes to JPMML").allMatch(t -> Double.isNaN(t));
        assertThat(random.compared + random.handedOver.size()).isEqualTo(RANDOM_INPUTS + SPECIALS.length);
    }

    private static final double[] SPECIALS = {
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        Double.MIN_VALUE,
        -Double.MIN_VALUE,
        Double.MIN_NORMAL,
        0.0,
        -0.0,
        1e308,
        -1e308,
        1e-308,
        52.65765415741064
    };

    private static DoubleStream randomInputs() {
        SplittableRandom random = new SplittableRandom(20261127);
        DoubleStream uniform = random.doubles(RANDOM_INPUTS / 2, -1000, 1000);
        DoubleStream bits = random.longs(RANDOM_INPUTS / 2).mapToDouble(Double::longBitsToDouble);
        return DoubleStream.concat(DoubleStream.of(SPECIALS), DoubleStream.concat(uniform, bits));
    }

    private static Comparison compare(JpmmlReference jpmml, FastRegimeScorer fast, DoubleStream inputs) {
        Comparison comparison = new Comparison();
        double[] expected = new double[jpmml.regimeCount()];
        double[] actual = new double[jpmml.regimeCount()];
        boolean[] seen = new boolean[jpmml.regimeCount()];
        inputs.forEach(t -> {
            int regime = fast.score(t, actual);
            if (regime == FastRegimeScorer.NOT_SCORED) {
                comparison.handedOver.add(t);
                return;
            }
            int reference;
            try {
                reference = jpmml.score(t, expected);
            } catch (RuntimeException e) {
                comparison.mismatch(t + ": JPMML throws " + e + " but the fast path scored " + regime);
                return;
            }
            // Arrays.equals on double[] compares bit patterns: exact, -0.0 != 0.0.
            if (regime != reference || !Arrays.equals(actual, expected)) {
                comparison.mismatch(t + ": fast " + regime + " " + Arrays.toString(actual) + " vs JPMML " + reference
                        + " " + Arrays.toString(expected));
            }
            seen[reference] = true;
            comparison.compared++;
        });
        for (boolean s : seen) {
            comparison.regimesSeen += s ? 1 : 0;
        }
        return comparison;
    }

    private static Path locate(String model) throws Exception {
        if (model.equals("committed")) {
            Path committed = Path.of("..", PipelineDefaults.MODEL_DIRECTORY, PipelineDefaults.MODEL_FILE)
                    .toAbsolutePath()
                    .normalize();
            assertThat(Files.isRegularFile(committed))
                    .as("committed model at " + committed)
                    .isTrue();
            return committed;
        }
        return Path.of(FastRegimeScorerParityTest.class.getResource("/" + model).toURI());
    }

    private static final class Comparison {
        final List<String> mismatches = new ArrayList<>(); // the first few, to read in the failure message
        final List<Double> handedOver = new ArrayList<>();
        int compared;
        int regimesSeen;

        void mismatch(String description) {
            if (mismatches.size() < 10) {
                mismatches.add(description);
            }
        }
    }
}
