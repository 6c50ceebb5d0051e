package io.regimestream.job.updates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata.RegimeSummary;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shadow model's checkpoint state: what identifies it (its baseline too), and which entry a restored task takes. */
class ShadowModelsTest {

    private static final ModelIdentity SHADOW = new ModelIdentity(
            "k3-1",
            "ab".repeat(32),
            "inline PMML of k3-1",
            5,
            "cd".repeat(32),
            new ModelIdentity.OnControlTopic(0, 4),
            new DriftBaseline(null, List.of(new RegimeSummary(0, 40, 0.8, 10)), null));

    @Test
    void aShadowWithItsBaselineOrNoneRoundTripsThroughItsBytes() {
        ShadowModels with = ShadowModels.fromBytes(new ShadowModels(1, 2, SHADOW).toBytes());
        ShadowModels without = ShadowModels.fromBytes(new ShadowModels(0, 2, null).toBytes());

        assertThat(with.subtask()).isEqualTo(1);
        assertThat(with.parallelism()).isEqualTo(2);
        assertThat(with.shadow()).isEqualTo(SHADOW);
        assertThat(with.shadow().baseline())
                .as("the shadow's baseline survives")
                .isEqualTo(SHADOW.baseline());
        assertThat(without.shadow()).isNull();
        assertThatThrownBy(() -> ShadowModels.fromBytes(new byte[] {0, 0, 0, 9}))
                .hasMessageContaining("format 9");
    }

    @Test
    void stateOfFormatOneKeepsTheShadowsBytes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(1);
            out.writeInt(1);
            out.writeInt(2);
            out.writeBoolean(true);
            out.writeUTF("k3-1");
            out.writeUTF("inline PMML of k3-1");
            out.writeUTF("ab".repeat(32));
            out.writeInt(7);
            out.write("<PMML/>".getBytes(StandardCharsets.UTF_8));
        }

        ModelIdentity read = ShadowModels.fromBytes(bytes.toByteArray()).shadow();

        assertThat(read.version()).isEqualTo("k3-1");
        assertThat(read.origin()).isInstanceOf(ModelIdentity.Embedded.class);
    }

    @Test
    void aRestoredTaskTakesTheShadowWrittenBesideTheModelStateItRestores() {
        List<ShadowModels> entries = List.of(new ShadowModels(0, 2, null), new ShadowModels(1, 2, SHADOW));
        AppliedModels second = new AppliedModels(1, 2, 0, 0, null, Map.of(0, 5L));
        AppliedModels other = new AppliedModels(0, 3, 0, 0, null, Map.of(0, 5L));

        assertThat(ShadowModels.choose(entries, second).shadow()).isSameAs(SHADOW);
        assertThat(ShadowModels.choose(entries, new AppliedModels(0, 2, 0, 0, null, Map.of()))
                        .shadow())
                .isNull();
        assertThat(ShadowModels.choose(entries, other))
                .as("none written beside it")
                .isNull();
        assertThat(ShadowModels.choose(List.of(), second))
                .as("a checkpoint of a job before shadow models")
                .isNull();
        assertThat(ShadowModels.choose(entries, null)).isNull();
    }
}
