package io.regimestream.job.updates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.model.ModelArtifact;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shadow model's checkpoint state: its bytes, and which entry a restored task takes. */
class ShadowModelsTest {

    private static final ModelArtifact SHADOW = new ModelArtifact(
            "k3-1", "inline PMML of k3-1", "ab".repeat(32), "<PMML/>".getBytes(StandardCharsets.UTF_8));

    @Test
    void aShadowOrNoneRoundTripsThroughItsBytes() {
        ShadowModels with = ShadowModels.fromBytes(new ShadowModels(1, 2, SHADOW).toBytes());
        ShadowModels without = ShadowModels.fromBytes(new ShadowModels(0, 2, null).toBytes());

        assertThat(with.subtask()).isEqualTo(1);
        assertThat(with.parallelism()).isEqualTo(2);
        assertThat(with.artifact().version()).isEqualTo("k3-1");
        assertThat(with.artifact().source()).isEqualTo("inline PMML of k3-1");
        assertThat(with.artifact().sha256()).isEqualTo("ab".repeat(32));
        assertThat(with.artifact().pmml()).isEqualTo(SHADOW.pmml());
        assertThat(without.artifact()).isNull();
        assertThatThrownBy(() -> ShadowModels.fromBytes(new byte[] {0, 0, 0, 9}))
                .hasMessageContaining("format 9");
    }

    @Test
    void aRestoredTaskTakesTheShadowWrittenBesideTheModelStateItRestores() {
        List<ShadowModels> entries = List.of(new ShadowModels(0, 2, null), new ShadowModels(1, 2, SHADOW));
        AppliedModels second = new AppliedModels(1, 2, 0, null, Map.of(0, 5L));
        AppliedModels other = new AppliedModels(0, 3, 0, null, Map.of(0, 5L));

        assertThat(ShadowModels.choose(entries, second).artifact()).isSameAs(SHADOW);
        assertThat(ShadowModels.choose(entries, new AppliedModels(0, 2, 0, null, Map.of()))
                        .artifact())
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
