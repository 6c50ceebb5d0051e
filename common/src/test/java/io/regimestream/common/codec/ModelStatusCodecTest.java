package io.regimestream.common.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.records.ModelStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelStatusCodecTest {

    @Test
    void modelStatusesRoundTripWithTheOutcomeAsItsCode() {
        ModelStatus status = new ModelStatus(
                "k3-1",
                ModelStatus.Outcome.REJECTED,
                "fails its self-check",
                "inline PMML of k3-1",
                "score-regime 1/2",
                9L);
        assertThat(ModelStatusCodec.fromJson(ModelStatusCodec.toJson(status))).isEqualTo(status);
        assertThat(new String(ModelStatusCodec.toJson(status), StandardCharsets.UTF_8))
                .contains("\"outcome\":\"rejected\"");
    }
}
