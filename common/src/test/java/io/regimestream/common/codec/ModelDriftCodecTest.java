package io.regimestream.common.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.records.ModelDrift;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelDriftCodecTest {

    @Test
    void modelDriftEventsRoundTripWithAndWithoutTheirOptionalFigures() {
        ModelDrift machine = new ModelDrift(
                "press-01", "1/2", 1_000, 601_000, 2400, 0.84, 0.5, 0.1, 3.2, true, true, 0.2, 0.05, "k4-1", false);
        ModelDrift overall = new ModelDrift(
                null, "2/2", 1_000, 601_000, 9000, null, null, 0.02, null, false, false, 0.2, 0.05, "k4-1", false);
        assertThat(ModelDriftCodec.fromJson(ModelDriftCodec.toJson(machine))).isEqualTo(machine);
        assertThat(ModelDriftCodec.fromJson(ModelDriftCodec.toJson(overall))).isEqualTo(overall);
        assertThat(new String(ModelDriftCodec.toJson(machine), StandardCharsets.UTF_8))
                .contains("\"crossed\":[\"psi\",\"out_of_range\"]");
        assertThat(new String(ModelDriftCodec.toJson(overall), StandardCharsets.UTF_8))
                .doesNotContain("machineId", "psi\"");
    }

    @Test
    void aClearedEventSaysSoAndAnEventWithoutAStateIsARaisedOne() {
        ModelDrift cleared = new ModelDrift(
                "press-01", "1/2", 1_000, 601_000, 2400, 0.01, 0.0, 0.1, 0.4, false, false, 0.2, 0.05, "k5-2", true);
        String json = new String(ModelDriftCodec.toJson(cleared), StandardCharsets.UTF_8);
        assertThat(json).contains("\"state\":\"cleared\"", "\"crossed\":[]");
        assertThat(ModelDriftCodec.fromJson(ModelDriftCodec.toJson(cleared))).isEqualTo(cleared);
        ModelDrift raised = new ModelDrift(
                "press-01", "1/2", 1_000, 601_000, 2400, 0.84, 0.5, 0.1, 3.2, true, true, 0.2, 0.05, "k4-1", false);
        assertThat(new String(ModelDriftCodec.toJson(raised), StandardCharsets.UTF_8))
                .contains("\"state\":\"raised\"");

        String beforeClearedEvents = "{\"machineId\":\"press-01\",\"task\":\"1/2\",\"windowStart\":1000,"
                + "\"windowEnd\":601000,\"readings\":2400,\"psi\":0.84,\"outOfRangeShare\":0.5,"
                + "\"lowConfidenceShare\":0.1,\"meanCentroidDistance\":3.2,\"crossed\":[\"psi\",\"out_of_range\"],"
                + "\"psiThreshold\":0.2,\"outOfRangeThreshold\":0.05,\"modelVersion\":\"k4-1\"}";
        assertThat(ModelDriftCodec.fromJson(beforeClearedEvents.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(raised);
        assertThat(raised.seriesKey()).isEqualTo("press-01");
        assertThat(new ModelDrift(null, "2/2", 0, 1, 9, null, null, 0, null, false, false, 0.2, 0.05, "k4-1", false)
                        .seriesKey())
                .isEqualTo("overall/2/2");
    }

    @Test
    void anUnknownStateIsRefusedAndAClearedEventCrossesNothing() {
        String json = "{\"task\":\"1/2\",\"modelVersion\":\"k4-1\",\"state\":\"maybe\"}";
        assertThatThrownBy(() -> ModelDriftCodec.fromJson(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"state\" must be \"raised\" or \"cleared\", was 'maybe'");
        assertThatThrownBy(() ->
                        new ModelDrift("m", "1/1", 0, 1, 9, 0.9, null, 0, null, true, false, 0.2, 0.05, "k4-1", true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
