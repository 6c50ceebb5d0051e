package io.regimestream.job.updates;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata.RegimeSummary;
import io.regimestream.common.model.ModelMetadata.TrainingDistribution;
import io.regimestream.model.ModelArtifact;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The announced model's drift baseline in the checkpointed model state, and state written before it existed. */
class AppliedModelsBaselineTest {

    @Test
    void theAnnouncedBaselineSurvivesACheckpoint() {
        DriftBaseline baseline = new DriftBaseline(
                new TrainingDistribution(5000, 38, 71, new double[] {40, 41, 47, 48, 49, 56, 57, 65, 67}),
                List.of(new RegimeSummary(0, 40, 0.8, 10)));
        ModelArtifact artifact = new ModelArtifact(
                "k3-b", "inline PMML of k3-b", "ab".repeat(32), "<PMML/>".getBytes(StandardCharsets.UTF_8), baseline);

        AppliedModels read = AppliedModels.fromBytes(new AppliedModels(0, 1, 7, artifact, Map.of(0, 3L)).toBytes());

        DriftBaseline restored = read.artifact().baseline();
        assertThat(restored.distribution().deciles()).containsExactly(40, 41, 47, 48, 49, 56, 57, 65, 67);
        assertThat(restored.distribution().max()).isEqualTo(71);
        assertThat(restored.regimes()).containsExactly(new RegimeSummary(0, 40, 0.8, 10));
        assertThat(read.nextOffsets()).containsEntry(0, 3L);
    }

    @Test
    void stateOfFormatOneReadsWithoutABaseline() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) { // the layout savepoints/graph-1 holds
            out.writeInt(1);
            out.writeInt(0);
            out.writeInt(1);
            out.writeLong(7);
            out.writeBoolean(true);
            out.writeUTF("k3-b");
            out.writeUTF("inline PMML of k3-b");
            out.writeUTF("ab".repeat(32));
            out.writeInt(7);
            out.write("<PMML/>".getBytes(StandardCharsets.UTF_8));
            out.writeInt(1);
            out.writeInt(0);
            out.writeLong(3);
        }

        AppliedModels read = AppliedModels.fromBytes(bytes.toByteArray());

        assertThat(read.artifact().version()).isEqualTo("k3-b");
        assertThat(read.artifact().baseline()).isNull();
        assertThat(read.nextOffsets()).containsEntry(0, 3L);
    }
}
