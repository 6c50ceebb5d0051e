package io.regimestream.common.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.records.Prediction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PredictionCodecTest {

    @Test
    void predictionsAreFlatAndRoundTrip() throws Exception {
        Prediction p = new Prediction(
                "press-01",
                1764213600000L,
                57.3,
                2,
                0.97,
                new double[] {0.01, 0.02, 0.97},
                "20251127-abc",
                1764213600050L);
        byte[] json = PredictionCodec.toJson(p);
        var tree = Json.mapper().readTree(json);
        tree.fields()
                .forEachRemaining(f ->
                        assertThat(f.getValue().isValueNode()).as(f.getKey()).isTrue());
        assertThat(tree.get("probability2").asDouble()).isEqualTo(0.97);
        assertThat(PredictionCodec.fromJson(json)).isEqualTo(p);
    }

    @Test
    void lowConfidenceRoundTripsAndPredictionsWithoutTheFlagStillParse() {
        Prediction flagged = new Prediction("press-01", 1L, 52.4, 1, 0.51, new double[] {0.49, 0.51}, "v1", 2L, true);
        assertThat(PredictionCodec.fromJson(PredictionCodec.toJson(flagged))).isEqualTo(flagged);

        String older = "{\"machineId\":\"press-01\",\"timestamp\":1,\"temperature\":40.0,\"regime\":0,"
                + "\"confidence\":0.9,\"probability0\":0.9,\"probability1\":0.1,\"modelVersion\":\"v0\",\"processingTime\":2}";
        assertThat(PredictionCodec.fromJson(older.getBytes(StandardCharsets.UTF_8))
                        .lowConfidence())
                .isFalse();
    }
}
