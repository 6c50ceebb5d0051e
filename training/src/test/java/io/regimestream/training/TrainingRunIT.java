package io.regimestream.training;

import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.model.ModelMetadata.RegimeSummary;
import io.regimestream.training.output.ModelVersion;
import io.regimestream.training.pmml.ParityCheck.PmmlModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole command on Spark local: small generated data, few k, few iterations. */
class TrainingRunIT {

    @TempDir
    Path tmp;

    @Test
    void trainsOrderedRegimesAndAPmmlThatAgreesWithSpark() throws Exception {
        Path out = tmp.resolve("model");
        int exit = TrainCommand.commandLine().execute("--generate", "4000", "--seed", "11", "--k-min", "2", "--k-max", "6",
                "--elbow-sample", "0.5", "--max-iter", "100", "--out", out.toString(), "--save-data");
        assertThat(exit).isZero();

        for (String file : List.of("model.pmml", "model.json", "elbow.csv", "elbow.png", "report.md", "readings.jsonl")) {
            assertThat(out.resolve(file)).isNotEmptyFile();
        }
        ModelMetadata metadata = ModelMetadata.read(out.resolve("model.json"));
        assertThat(metadata.k()).as("the simulator's four regimes").isEqualTo(4);
        assertThat(metadata.accuracy()).isGreaterThanOrEqualTo(0.99);
        assertThat(metadata.parity().disagreements()).isZero();
        assertThat(metadata.parity().rowsCompared()).isEqualTo(metadata.rows().get("test")).isPositive();
        assertThat(metadata.parity().maxProbabilityDifference()).isLessThan(1e-9);
        assertThat(metadata.pmmlSha256()).isEqualTo(ModelVersion.sha256(Files.readAllBytes(out.resolve("model.pmml"))));
        assertThat(metadata.inputFields()).containsExactly("temperature");
        assertThat(metadata.targetField()).isEqualTo("label");
        assertThat(metadata.elbow()).extracting(ModelMetadata.ElbowPoint::k).containsExactly(2, 3, 4, 5, 6);
        assertThat(metadata.kSelection()).contains("farthest below the straight line");
        assertThat(metadata.regimes()).extracting(RegimeSummary::centroid).isSorted();
        assertThat(metadata.rows().get("total")).isEqualTo(4000);
        assertThat(Files.readAllLines(out.resolve("readings.jsonl"))).hasSize(4000);

        PmmlModel pmml = PmmlModel.load(out.resolve("model.pmml"));
        assertThat(pmml.regime(30.0)).as("a cool reading").isZero();
        assertThat(pmml.regime(75.0)).as("a hot reading").isEqualTo(3);
        for (RegimeSummary regime : metadata.regimes()) {
            assertThat(pmml.regime(regime.centroid())).as("centroid of regime %d", regime.regime()).isEqualTo(regime.regime());
        }

        BufferedImage chart = ImageIO.read(out.resolve("elbow.png").toFile());
        assertThat(chart.getWidth()).isGreaterThan(400);
        assertThat(Files.readString(out.resolve("elbow.csv"))).startsWith("k,cost,chosen\n").contains("\n4,").contains(",true");
        assertThat(Files.readString(out.resolve("report.md"))).contains("k = **4**", "Confusion matrix", "0 disagreements");
    }

    @Test
    void theArticlesUniformDataAlsoCompletes() throws Exception {
        Path out = tmp.resolve("uniform");
        int exit = TrainCommand.commandLine().execute("--generate", "1500", "--dataset", "uniform", "--k-max", "5",
                "--elbow-sample", "1", "--max-iter", "50", "--out", out.toString());
        assertThat(exit).isZero();
        ModelMetadata metadata = ModelMetadata.read(out.resolve("model.json"));
        assertThat(metadata.parity().disagreements()).isZero();
        assertThat(metadata.regimes()).extracting(RegimeSummary::centroid).isSorted();
        assertThat(metadata.source()).contains("randint(40, 70)");
    }
}
