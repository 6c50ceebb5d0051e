package io.regimestream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.model.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What drift is measured against: the baseline of model.json, or of the announcement that brought the model. */
class RegimeModelDriftBaselineTest {

    @TempDir
    Path dir;

    @Test
    void theCommittedModelHasItsTrainingDistributionAndRegimesAsBaseline() throws Exception {
        Path committed = TestModels.committed();
        ModelMetadata metadata = ModelMetadata.read(committed.resolveSibling("model.json"));

        RegimeModel model = RegimeModel.load(committed.toString());
        DriftBaseline baseline = model.driftBaseline().orElseThrow();

        assertThat(baseline.distribution().deciles())
                .containsExactly(metadata.trainingDistribution().deciles());
        assertThat(baseline.regimes()).isEqualTo(metadata.regimes());
        assertThat(baseline.regimeDistributions())
                .as("per regime, as training --describe-only added them")
                .isEqualTo(metadata.regimeDistributions())
                .hasSize(4);
        assertThat(baseline.hasRegimeDistributions(model.regimeCount())).isTrue();
    }

    @Test
    void aModelJsonWhoseDistributionDriftCannotUseFailsTheModelSayingWhat() throws Exception {
        Path pmml = Files.copy(TestModels.committed(), dir.resolve("model.pmml"));
        ModelMetadata m = ModelMetadata.read(TestModels.committed().resolveSibling("model.json"));
        m.withDistributions(new ModelMetadata.TrainingDistribution(10, 0, 100, new double[] {10, 20, 30}), null)
                .write(dir.resolve("model.json"));

        assertThatThrownBy(() -> RegimeModel.load(pmml.toString()))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("drift cannot use")
                .hasMessageContaining("must hold 9 cut points");
    }

    @Test
    void anAnnouncedModelTakesTheAnnouncementsBaselineAndWithoutOneHasNone() throws Exception {
        byte[] pmml = Files.readAllBytes(TestModels.second());
        DriftBaseline announced = new DriftBaseline(
                new ModelMetadata.TrainingDistribution(100, 30, 80, new double[] {35, 40, 45, 50, 55, 60, 65, 70, 75}),
                List.of(new ModelMetadata.RegimeSummary(0, 40, 1, 50)),
                null);
        String sha256 = RegimeModel.sha256(pmml);

        RegimeModel withBaseline =
                RegimeModel.load(new ModelArtifact("k3-b", "inline PMML of k3-b", sha256, pmml, announced, null));
        RegimeModel without = RegimeModel.load(new ModelArtifact("k3-b", "inline PMML of k3-b", sha256, pmml));

        assertThat(withBaseline.driftBaseline()).containsSame(announced);
        assertThat(without.driftBaseline()).isEmpty();
        RegimeModel rebased = without.withDriftBaseline(announced);
        assertThat(rebased.driftBaseline())
                .as("another baseline, nothing loaded again")
                .containsSame(announced);
        assertThat(rebased.score(55.0).probabilities())
                .containsExactly(without.score(55.0).probabilities());
        assertThat(rebased.describe()).isEqualTo(without.describe());
    }
}
