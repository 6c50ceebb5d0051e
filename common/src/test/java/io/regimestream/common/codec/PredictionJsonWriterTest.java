package io.regimestream.common.codec;

import io.regimestream.common.records.Prediction;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Predictions written with the reused writer (fast double formatting) parse back to bit-identical values. */
class PredictionJsonWriterTest {

    private static final double[] EDGE = {0.0, -0.0, 1.0, 0.1, 1e-300, 4.9e-324, Double.MIN_NORMAL, Double.MAX_VALUE,
            1.0E23, 2.0E-3, 9007199254740993.0, 0.30000000000000004, 57.3, 1 / 3.0, 2 / 3.0, 1e16, 1e-7, 123456789.123};

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
            Prediction p = new Prediction("press-\"" + i + "\u00e9\u6a5f", 1_764_213_600_000L + i, temperature, i % 4,
                    probabilities[i % 4], probabilities, "k4-" + i, 1_764_213_600_005L + i, i % 2 == 0);

            byte[] json = writer.toJson(p);
            Prediction parsed = RecordCodec.parsePrediction(json);

            assertThat(parsed).isEqualTo(p);
            assertThat(Double.doubleToRawLongBits(parsed.temperature())).isEqualTo(Double.doubleToRawLongBits(temperature));
            assertThat(Double.doubleToRawLongBits(parsed.confidence())).isEqualTo(Double.doubleToRawLongBits(p.confidence()));
            for (int r = 0; r < probabilities.length; r++) {
                assertThat(Double.doubleToRawLongBits(parsed.probabilities()[r]))
                        .isEqualTo(Double.doubleToRawLongBits(probabilities[r]));
            }
            assertThat(json).isEqualTo(RecordCodec.toJson(p)); // the same text as the one-off codec
        }
    }
}
