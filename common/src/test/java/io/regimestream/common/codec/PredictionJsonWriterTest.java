package io.regimestream.common.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.records.Prediction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Predictions written with the reused writer (fast double formatting): at full precision they parse
 * back bit-identical, with --probability-digits to the rounded values.
 */
class PredictionJsonWriterTest {

    private static final double[] EDGE = {
        0.0,
        -0.0,
        1.0,
        0.1,
        1e-300,
        4.9e-324,
        Double.MIN_NORMAL,
        Double.MAX_VALUE,
        1.0E23,
        2.0E-3,
        9007199254740993.0,
        0.30000000000000004,
        57.3,
        1 / 3.0,
        2 / 3.0,
        1e16,
        1e-7,
        123456789.123
    };

    @Test
    void everyDoubleParsesBackBitIdenticalAndOneWriterServesMany() {
        PredictionJsonWriter writer = new PredictionJsonWriter();
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            double[] probabilities = new double[4];
            for (int r = 0; r < probabilities.length; r++) {
                probabilities[r] = i < EDGE.length ? EDGE[(i + r) % EDGE.length] : random.nextDouble();
            }
            double temperature = i < EDGE.length ? EDGE[i] : Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(temperature)) {
                temperature = random.nextGaussian() * 1e6;
            }
            Prediction p = new Prediction(
                    "press-\"" + i + "\u00e9\u6a5f",
                    1_764_213_600_000L + i,
                    temperature,
                    i % 4,
                    probabilities[i % 4],
                    probabilities,
                    "k4-" + i,
                    1_764_213_600_005L + i,
                    i % 2 == 0);

            byte[] json = writer.toJson(p);
            Prediction parsed = PredictionCodec.fromJson(json);

            assertThat(parsed).isEqualTo(p);
            assertThat(Double.doubleToRawLongBits(parsed.temperature()))
                    .isEqualTo(Double.doubleToRawLongBits(temperature));
            assertThat(Double.doubleToRawLongBits(parsed.confidence()))
                    .isEqualTo(Double.doubleToRawLongBits(p.confidence()));
            for (int r = 0; r < probabilities.length; r++) {
                assertThat(Double.doubleToRawLongBits(parsed.probabilities()[r]))
                        .isEqualTo(Double.doubleToRawLongBits(probabilities[r]));
            }
            assertThat(json).isEqualTo(PredictionCodec.toJson(p)); // the same text as the one-off codec
        }
    }

    @Test
    void digitsZeroIsTodaysFullPrecisionText() {
        PredictionJsonWriter full = new PredictionJsonWriter(ProbabilityRounding.digits(0));
        Random random = new Random(11);
        for (int i = 0; i < 1_000; i++) {
            Prediction p = prediction(random, i);
            assertThat(full.toJson(p)).isEqualTo(PredictionCodec.toJson(p));
        }
    }

    @Test
    void fourDigitsParseBackToTheRoundedValuesAndShrinkThePrediction() {
        PredictionJsonWriter compact = new PredictionJsonWriter(ProbabilityRounding.digits(4));
        Random random = new Random(13);
        long fullBytes = 0;
        long compactBytes = 0;
        for (int i = 0; i < 1_000; i++) {
            Prediction p = prediction(random, i);
            byte[] json = compact.toJson(p);
            Prediction parsed = PredictionCodec.fromJson(json);

            assertThat(parsed.confidence())
                    .isEqualTo(new BigDecimal(p.confidence())
                            .setScale(4, RoundingMode.HALF_EVEN)
                            .doubleValue());
            for (int r = 0; r < p.probabilities().length; r++) {
                double expected = new BigDecimal(p.probabilities()[r])
                        .setScale(4, RoundingMode.HALF_EVEN)
                        .doubleValue();
                assertThat(parsed.probabilities()[r]).isEqualTo(expected);
            }
            // Output formatting only: everything else as written in full.
            assertThat(parsed.regime()).isEqualTo(p.regime());
            assertThat(parsed.lowConfidence()).isEqualTo(p.lowConfidence());
            assertThat(parsed.temperature()).isEqualTo(p.temperature());
            assertThat(parsed.machineId()).isEqualTo(p.machineId());
            byte[] full = PredictionCodec.toJson(p);
            assertThat(json.length).isLessThan(full.length);
            fullBytes += full.length;
            compactBytes += json.length;
        }
        // Five numbers of up to 22 characters each become at most 6 or 7 characters: about 70 bytes fewer.
        assertThat(fullBytes - compactBytes).isGreaterThan(50L * 1_000);
    }

    @Test
    void roundedValuesAreWrittenWithTheirFewDigits() {
        PredictionJsonWriter compact = new PredictionJsonWriter(ProbabilityRounding.digits(4));
        Prediction p = new Prediction(
                "press-1",
                1_764_213_600_000L,
                57.3,
                2,
                0.97314159,
                new double[] {0.0000123, 0.00009876, 0.97314159, 0.02674},
                "k4",
                1_764_213_600_005L,
                false);

        String json = new String(compact.toJson(p), StandardCharsets.UTF_8);

        assertThat(json)
                .contains(
                        "\"confidence\":0.9731,",
                        "\"probability0\":0.0,",
                        "\"probability1\":1.0E-4,",
                        "\"probability2\":0.9731,",
                        "\"probability3\":0.0267,",
                        "\"temperature\":57.3,");
    }

    @Test
    void digitsOutsideZeroToFifteenAreRefused() {
        assertThatThrownBy(() -> ProbabilityRounding.digits(-1)).hasMessageContaining("--probability-digits");
        assertThatThrownBy(() -> ProbabilityRounding.digits(16))
                .hasMessageContaining("between 0 (full precision) and 15");
    }

    private static Prediction prediction(Random random, int i) {
        double[] probabilities = new double[4];
        double sum = 0;
        for (int r = 0; r < probabilities.length; r++) {
            probabilities[r] = random.nextDouble() * (r == 0 ? 1 : 1e-3);
            sum += probabilities[r];
        }
        for (int r = 0; r < probabilities.length; r++) {
            probabilities[r] /= sum;
        }
        int regime = random.nextInt(4);
        return new Prediction(
                "press-" + i,
                1_764_213_600_000L + i,
                20 + random.nextGaussian() * 10,
                regime,
                probabilities[regime],
                probabilities,
                "k4-" + (i % 3),
                1_764_213_600_005L + i,
                probabilities[regime] < 0.6);
    }
}
