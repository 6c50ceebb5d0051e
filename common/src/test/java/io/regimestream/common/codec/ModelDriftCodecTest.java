package io.regimestream.common.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.records.ModelDrift;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelDriftCodecTest {

    @Test
    void modelDriftEventsRoundTripWithAndWithoutTheirOptionalFigures() {
        ModelDrift machine = new ModelDrift(
                "press-01", "1/2", 1_000, 601_000, 2400, 0.84, 0.5, 0.1, 3.2, true, true, 0.2, 0.05, "k4-1");
        ModelDrift overall = new ModelDrift(
                null, "2/2", 1_000, 601_000, 9000, null, null, 0.02, null, false, false, 0.2, 0.05, "k4-1");
        assertThat(ModelDriftCodec.fromJson(ModelDriftCodec.toJson(machine))).isEqualTo(machine);
        assertThat(ModelDriftCodec.fromJson(ModelDriftCodec.toJson(overall))).isEqualTo(overall);
        assertThat(new String(ModelDriftCodec.toJson(machine), StandardCharsets.UTF_8))
                .contains("\"crossed\":[\"psi\",\"out_of_range\"]");
        assertThat(new String(ModelDriftCodec.toJson(overall), StandardCharsets.UTF_8))
                .doesNotContain("machineId", "psi\"");
    }
}
