package io.regimestream.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.io.ReadingFileReader;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.model.ModelMetadata.RegimeSummary;
import io.regimestream.common.model.ModelMetadata.TrainingDistribution;
import io.regimestream.common.records.Reading;
import io.regimestream.training.output.ModelVersion;
import io.regimestream.training.pmml.ParityCheck.PmmlModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole command on Spark local: small generated data, few k, few iterations. */
class TrainingRunIT {

    @TempDir
    Path tmp;

    @Test
    void trainsOrderedRegimesAndAPmmlThatAgreesWithSpark() throws Exception {
        Path out = tmp.resolve("model");
        int exit = TrainCommand.commandLine()
                .execute(
                        "--generate",
                        "4000",
                        "--seed",
                        "11",
                        "--k-min",
                        "2",
                        "--k-max",
                        "6",
                        "--elbow-sample",
                        "0.5",
                        "--max-iter",
                        "100",
                        "--out",
                        out.toString(),
                        "--save-data");
        assertThat(exit).isZero();

        for (String file :
                List.of("model.pmml", "model.json", "elbow.csv", "elbow.png", "report.md", "readings.jsonl")) {
            assertThat(out.resolve(file)).isNotEmptyFile();
        }
        ModelMetadata metadata = ModelMetadata.read(out.resolve("model.json"));
        assertThat(metadata.k()).as("the simulator's four regimes").isEqualTo(4);
        assertThat(metadata.accuracy()).isGreaterThanOrEqualTo(0.99);
        assertThat(metadata.parity().disagreements()).isZero();
        assertThat(metadata.parity().rowsCompared())
                .isEqualTo(metadata.rows().get("test"))
                .isPositive();
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
            assertThat(pmml.regime(regime.centroid()))
                    .as("centroid of regime %d", regime.regime())
                    .isEqualTo(regime.regime());
        }

        BufferedImage chart = ImageIO.read(out.resolve("elbow.png").toFile());
        assertThat(chart.getWidth()).isGreaterThan(400);
        assertThat(Files.readString(out.resolve("elbow.csv")))
                .startsWith("k,cost,chosen\n")
                .contains("\n4,")
                .contains(",true");
        assertThat(Files.readString(out.resolve("report.md")))
                .contains("k = **4**", "Confusion matrix", "0 disagreements");

        double[] trained = ReadingFileReader.readAll(out.resolve("readings.jsonl")).stream()
                .mapToDouble(Reading::temperature)
                .toArray();
        TrainingDistribution distribution = metadata.trainingDistribution();
        assertThat(distribution.count()).isEqualTo(4000);
        assertThat(distribution.min()).isEqualTo(Arrays.stream(trained).min().orElseThrow());
        assertThat(distribution.max()).isEqualTo(Arrays.stream(trained).max().orElseThrow());
        assertThat(distribution.deciles()).hasSize(9).isSorted();
        for (int i = 0; i < 9; i++) {
            double cut = distribution.deciles()[i];
            assertThat(Arrays.stream(trained).filter(t -> t <= cut).count())
                    .as("readings up to the %d %% cut", (i + 1) * 10)
                    .isBetween(400L * (i + 1) - 1, 400L * (i + 1) + 1);
        }
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Training distribution", "| 50 % |");
        List<TrainingDistribution> perRegime = metadata.regimeDistributions();
        assertThat(perRegime)
                .as("the simulator's regimes, about 1,000 readings each")
                .hasSize(4);
        for (int r = 0; r < 4; r++) {
            int regime = r;
            double[] predicted = Arrays.stream(trained)
                    .filter(t -> pmml.regime(t) == regime)
                    .sorted()
                    .toArray();
            TrainingDistribution d = perRegime.get(r);
            assertThat(d.count())
                    .as("regime %d: the readings the model predicts in it", r)
                    .isEqualTo(predicted.length);
            assertThat(d.min()).isEqualTo(predicted[0]);
            assertThat(d.max()).isEqualTo(predicted[predicted.length - 1]);
            assertThat(d.deciles()[4]).isBetween(predicted[predicted.length / 2 - 1], predicted[predicted.length / 2]);
        }

        // --describe-only on the model as it was before model.json had the distribution: the PMML stays, the same
        // distribution is added
        byte[] pmmlBytes = Files.readAllBytes(out.resolve("model.pmml"));
        ModelMetadata withoutDistribution = metadata.withDistributions(null, null);
        withoutDistribution.write(out.resolve("model.json"));
        Files.delete(out.resolve("report.md"));
        String[] sameData = {
            "--generate",
            "4000",
            "--seed",
            "11",
            "--k-min",
            "2",
            "--k-max",
            "6",
            "--elbow-sample",
            "0.5",
            "--max-iter",
            "100",
            "--out",
            out.toString()
        };
        assertThat(TrainCommand.commandLine().execute(with(sameData, "--describe-only")))
                .isZero();
        ModelMetadata described = ModelMetadata.read(out.resolve("model.json"));
        assertThat(described.trainingDistribution()).usingRecursiveComparison().isEqualTo(distribution);
        assertThat(described.regimeDistributions()).isEqualTo(perRegime);
        assertThat(described.version()).isEqualTo(metadata.version());
        assertThat(described.createdAt()).isEqualTo(metadata.createdAt());
        assertThat(Files.readAllBytes(out.resolve("model.pmml"))).isEqualTo(pmmlBytes);
        assertThat(Files.readString(out.resolve("report.md"))).contains("k = **4**", "Adjusted Rand index", "| 50 % |");

        String[] otherSeed = with(sameData, "--describe-only", "--seed", "12");
        assertThat(TrainCommand.commandLine().setOverwrittenOptionsAllowed(true).execute(otherSeed))
                .as("other data than the model's")
                .isEqualTo(1);
        assertThat(ModelMetadata.read(out.resolve("model.json")).trainingDistribution())
                .usingRecursiveComparison()
                .isEqualTo(distribution);
    }

    private static String[] with(String[] args, String... more) {
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    @Test
    void theKMeansRegimesAgreeWithTheSimulatorsHiddenRegimes() throws Exception {
        Path out = tmp.resolve("agreement");
        int exit = TrainCommand.commandLine()
                .execute(
                        "--generate",
                        "3000",
                        "--seed",
                        "5",
                        "--k",
                        "4",
                        "--k-max",
                        "4",
                        "--max-iter",
                        "30",
                        "--out",
                        out.toString());
        assertThat(exit).isZero();
        String report = Files.readString(out.resolve("report.md"));

        Matcher index =
                Pattern.compile("Adjusted Rand index: \\*\\*([0-9.]+)\\*\\*").matcher(report);
        assertThat(index.find()).as("the index in:%n%s", report).isTrue();
        assertThat(Double.parseDouble(index.group(1)))
                .as("the default regimes are well separated")
                .isGreaterThan(0.98);
        assertThat(report).contains("| KMeans | 0 idle | 1 light | 2 normal | 3 heavy |");
        long[][] table = contingency(report, 4);
        long total = 0;
        long diagonal = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                total += table[i][j];
            }
            diagonal += table[i][i];
        }
        assertThat(total).isEqualTo(3000);
        assertThat(diagonal)
                .as("KMeans regime i is the simulator's regime i: both are numbered by temperature")
                .isGreaterThan(2970);
    }

    /** The agreement section's table rows, "| **i** | a | b | ... |", as numbers. */
    private static long[][] contingency(String report, int k) {
        String section = report.substring(report.indexOf("## Agreement"), report.indexOf("## Training distribution"));
        List<long[]> rows = section.lines()
                .filter(l -> l.startsWith("| **"))
                .map(l -> Arrays.stream(l.split("\\|"))
                        .skip(2)
                        .map(String::trim)
                        .filter(c -> !c.isEmpty())
                        .mapToLong(Long::parseLong)
                        .toArray())
                .toList();
        assertThat(rows).hasSize(k);
        return rows.toArray(long[][]::new);
    }

    @Test
    void theArticlesUniformDataAlsoCompletes() throws Exception {
        Path out = tmp.resolve("uniform");
        int exit = TrainCommand.commandLine()
                .execute(
                        "--generate",
                        "1500",
                        "--dataset",
                        "uniform",
                        "--k-max",
                        "5",
                        "--elbow-sample",
                        "1",
                        "--max-iter",
                        "50",
                        "--out",
                        out.toString());
        assertThat(exit).isZero();
        ModelMetadata metadata = ModelMetadata.read(out.resolve("model.json"));
        assertThat(metadata.parity().disagreements()).isZero();
        assertThat(metadata.regimes()).extracting(RegimeSummary::centroid).isSorted();
        assertThat(metadata.source()).contains("randint(40, 70)");
        assertThat(metadata.trainingDistribution().min()).isEqualTo(40);
        assertThat(metadata.trainingDistribution().max()).isEqualTo(69);
        assertThat(Files.readString(out.resolve("report.md")))
                .contains("Unknown: the data did not come from the regime simulator")
                .doesNotContain("Adjusted Rand index");
    }
}
