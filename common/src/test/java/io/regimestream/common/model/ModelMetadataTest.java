package io.regimestream.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelMetadataTest {

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
    }

    @Test
    void theTrainingDistributionSurvivesWritingAndReading() throws Exception {
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
                null,
                distribution);
        Path file = dir.resolve("model.json");
        written.write(file);

        ModelMetadata.TrainingDistribution read = ModelMetadata.read(file).trainingDistribution();

        assertThat(read.count()).isEqualTo(1000);
        assertThat(read.min()).isEqualTo(38.5);
        assertThat(read.max()).isEqualTo(71.25);
        assertThat(read.deciles()).containsExactly(40, 42, 46, 48, 52, 56, 58, 63, 66);
    }
}
