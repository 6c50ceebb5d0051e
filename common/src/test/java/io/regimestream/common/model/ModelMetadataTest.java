package io.regimestream.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelMetadataTest {

    static final ModelMetadata.TrainingDistribution REGIME_0 = new ModelMetadata.TrainingDistribution(
            1000, 38, 42, new double[] {39, 39.2, 39.5, 39.8, 40, 40.2, 40.5, 40.8, 41});
    static final ModelMetadata.TrainingDistribution REGIME_1 = new ModelMetadata.TrainingDistribution(
            1000, 45, 50, new double[] {46, 46.5, 47, 47.5, 48, 48.2, 48.5, 49, 49.5});

    @TempDir
    Path dir;

    @Test
    void aModelJsonWrittenBeforeTheTrainingDistributionExistedStillReadsWithoutOne() throws Exception {
        Path file = dir.resolve("model.json");
        Files.writeString(file, """
                {"version":"k4-old","pmmlSha256":"ab","k":4,"inputFields":["temperature"],"targetField":"label",
                 "accuracy":1.0,"seed":7,"source":"generated"}""");

        ModelMetadata metadata = ModelMetadata.read(file);

        assertThat(metadata.version()).isEqualTo("k4-old");
        assertThat(metadata.trainingDistribution()).isNull();
        assertThat(metadata.regimeDistributions()).isNull();
        assertThat(DriftBaseline.of(metadata)).isNull();
    }

    @Test
    void theTrainingDistributionsSurviveWritingAndReading() throws Exception {
        var distribution = new ModelMetadata.TrainingDistribution(
                1000, 38.5, 71.25, new double[] {40, 42, 46, 48, 52, 56, 58, 63, 66});
        var written = new ModelMetadata(
                        "k4-new",
                        "ab",
                        4,
                        null,
                        List.of("temperature"),
                        "label",
                        1.0,
                        null,
                        null,
                        null,
                        null,
                        null,
                        7,
                        "generated",
                        null,
                        null)
                .withDistributions(distribution, List.of(REGIME_0, REGIME_1));
        Path file = dir.resolve("model.json");
        written.write(file);

        ModelMetadata metadata = ModelMetadata.read(file);
        ModelMetadata.TrainingDistribution read = metadata.trainingDistribution();

        assertThat(read.count()).isEqualTo(1000);
        assertThat(read.min()).isEqualTo(38.5);
        assertThat(read.max()).isEqualTo(71.25);
        assertThat(read.deciles()).containsExactly(40, 42, 46, 48, 52, 56, 58, 63, 66);
        assertThat(metadata.regimeDistributions()).containsExactly(REGIME_0, REGIME_1);
        assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"regimeDistributions\" : [ {");
        DriftBaseline baseline = DriftBaseline.of(metadata);
        assertThat(baseline.hasRegimeDistributions(2)).isTrue();
        assertThat(baseline.hasRegimeDistributions(3))
                .as("a regime without its distribution")
                .isFalse();
    }

    @Test
    void perRegimeDistributionsAreCheckedLikeTheWholeOne() {
        var all = new ModelMetadata.TrainingDistribution(
                2000, 38, 50, new double[] {39, 39.5, 40, 41, 42, 45, 47, 48, 49});
        new DriftBaseline(all, List.of(), List.of(REGIME_0, REGIME_1)).check();
        var unordered = new ModelMetadata.TrainingDistribution(10, 0, 10, new double[] {1, 2, 3, 4, 5, 6, 7, 9, 8});
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new DriftBaseline(all, List.of(), List.of(REGIME_0, unordered)).check())
                .hasMessageContaining("\"regimeDistributions\"[1].deciles must be ascending");
        assertThat(new DriftBaseline(null, List.of(), List.of(REGIME_0, REGIME_1)).hasRegimeDistributions(2))
                .as("without the distribution of all readings beside them")
                .isFalse();
    }
}
