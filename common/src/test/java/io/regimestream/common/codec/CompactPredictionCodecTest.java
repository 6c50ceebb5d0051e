package io.regimestream.common.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimestream.common.records.CompactPrediction;
import io.regimestream.common.records.Prediction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactPredictionCodecTest {

    private static final Prediction PREDICTION = new Prediction(
            "press-01",
            1_764_213_600_000L,
            57.3,
            2,
            0.9731415926535897,
            new double[] {1.2345678901234567E-5, 9.876543210987654E-5, 0.9731415926535897, 0.026740000000000003},
            "k4-2e3d66839f72",
            1_764_213_600_005L,
            false);

    @Test
    void aCompactPredictionIsItsSixFieldsWithTheFullRecordsNames() {
        assertThat(new String(CompactPredictionCodec.toJson(PREDICTION), StandardCharsets.UTF_8))
                .isEqualTo("{\"machineId\":\"press-01\",\"timestamp\":1764213600000,\"temperature\":57.3,\"regime\":2,"
                        + "\"modelVersion\":\"k4-2e3d66839f72\",\"lowConfidence\":false}");
    }

    @Test
    void compactPredictionsRoundTripBitForBit() {
        Random random = new Random(37);
        CompactPredictionWriter writer = new CompactPredictionWriter();
        for (int i = 0; i < 20_000; i++) {
            CompactPrediction p = new CompactPrediction(
                    "m-\"\\\u00e9\u6a5f\uD83D\uDE00\n" + random.nextInt(),
                    random.nextLong(),
                    i % 2 == 0
                            ? Double.longBitsToDouble(random.nextLong() & 0x7FEFFFFFFFFFFFFFL)
                            : random.nextGaussian(),
                    random.nextInt(8),
                    "v" + random.nextInt(),
                    random.nextBoolean());

            byte[] json = writer.toJson(p);
            CompactPrediction read = CompactPredictionCodec.fromJson(json);

            assertThat(read).isEqualTo(p);
            assertThat(Double.doubleToRawLongBits(read.temperature()))
                    .isEqualTo(Double.doubleToRawLongBits(p.temperature()));
            assertThat(json).isEqualTo(CompactPredictionCodec.toJson(p));
        }
    }

    @Test
    void theCompactRecordIsTheFullOneWithoutConfidenceProbabilitiesAndProcessingTime() throws Exception {
        Prediction flagged =
                new Prediction("press-\u00e9", -5L, -0.0, 1, 0.51, new double[] {0.49, 0.51}, "v1", 7L, true);
        for (Prediction p : new Prediction[] {PREDICTION, flagged}) {
            ObjectNode full = (ObjectNode) Json.mapper().readTree(PredictionCodec.toJson(p));
            JsonNode compact = Json.mapper().readTree(CompactPredictionCodec.toJson(p));

            full.remove(List.of("confidence", "processingTime"));
            for (int r = 0; r < p.probabilities().length; r++) {
                full.remove(PredictionCodec.probabilityField(r));
            }
            assertThat(compact).isEqualTo(full);
            assertThat(CompactPredictionCodec.fromJson(CompactPredictionCodec.toJson(p)))
                    .isEqualTo(CompactPrediction.of(p));
        }
    }

    @Test
    void aConsumerReadsTheCompactFieldsOfAFullPredictionToo() {
        assertThat(CompactPredictionCodec.fromJson(PredictionCodec.toJson(PREDICTION)))
                .isEqualTo(CompactPrediction.of(PREDICTION));
    }

    @Test
    void aRecordWithoutARegimeIsRefusedNamingTheField() {
        byte[] json = "{\"machineId\":\"press-01\",\"timestamp\":1,\"temperature\":40.0,\"modelVersion\":\"v\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CompactPredictionCodec.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no 'regime'");
    }

    @Test
    void aCompactPredictionOfTheModelIsLessThanHalfTheFullOne() {
        Random random = new Random(41);
        long full = 0;
        long compact = 0;
        for (int i = 0; i < 1_000; i++) {
            double[] probabilities = new double[4]; // four regimes, full precision, as the committed model gives
            double sum = 0;
            for (int r = 0; r < 4; r++) {
                probabilities[r] = Math.exp(-random.nextDouble() * 30);
                sum += probabilities[r];
            }
            for (int r = 0; r < 4; r++) {
                probabilities[r] /= sum;
            }
            Prediction p = new Prediction(
                    "machine-" + random.nextInt(100),
                    1_764_213_600_000L + i,
                    40 + random.nextDouble() * 30,
                    random.nextInt(4),
                    probabilities[0],
                    probabilities,
                    "k4-2e3d66839f72",
                    1_764_213_600_005L + i,
                    false);
            full += PredictionCodec.toJson(p).length;
            compact += CompactPredictionCodec.toJson(p).length;
        }
        assertThat(compact).isLessThan(full / 2);
    }

    @Test
    void theFormatIsChosenByItsOptionNameAndEachWritesItsOwnRecord() {
        assertThat(PredictionFormat.parse("compact")).isEqualTo(PredictionFormat.COMPACT);
        assertThat(PredictionFormat.parse(" FULL ")).isEqualTo(PredictionFormat.FULL);
        assertThatThrownBy(() -> PredictionFormat.parse("binary"))
                .hasMessage("unknown prediction format 'binary': use full or compact");

        ProbabilityRounding rounding = ProbabilityRounding.FULL;
        assertThat(PredictionFormat.FULL.writer(rounding).toJson(PREDICTION))
                .isEqualTo(PredictionCodec.toJson(PREDICTION));
        assertThat(PredictionFormat.COMPACT.writer(rounding).toJson(PREDICTION))
                .isEqualTo(CompactPredictionCodec.toJson(PREDICTION));
    }
}
