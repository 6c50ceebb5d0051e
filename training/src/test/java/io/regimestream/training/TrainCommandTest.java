package io.regimestream.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.model.ModelMetadata;
import io.regimestream.training.data.DistributionSummary;
import io.regimestream.training.data.RegimeDistributions;
import io.regimestream.training.data.TrainingData;
import io.regimestream.training.output.ModelVersion;
import io.regimestream.training.pmml.ParityCheck.PmmlModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line without Spark: every problem here is found before Spark starts. */
class TrainCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TrainCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpListsEveryOption() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "--input",
                        "--generate",
                        "--dataset",
                        "--seed",
                        "--k-min",
                        "--k-max",
                        "--elbow-sample",
                        "--k",
                        "--layers",
                        "--max-iter",
                        "--test-fraction",
                        "--out",
                        "--master",
                        "--save-data");
        assertThat(out.toString()).contains("Default: 6,8", "Default: 0.1", "Default: 0.4", "Default: 200");
    }

    @Test
    void withoutArgumentsFromTheRepositoryRootItRefusesToOverwriteTheCommittedModel() throws Exception {
        // The repository root as the working directory would give it: model-artifacts/ with the committed model.
        Path committed = Path.of("..", "model-artifacts", "model.pmml");
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path model = Files.copy(
                committed,
                Files.createDirectories(root.resolve("model-artifacts")).resolve("model.pmml"));
        byte[] before = Files.readAllBytes(model);

        // --out is the default, relative to the working directory: given here as the root would resolve it.
        int exit = run("--out", root.resolve("model-artifacts").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .contains("already holds a model")
                .contains("give another --out for the new model, or --overwrite to replace it")
                .doesNotContain("\tat ");
        assertThat(Files.readAllBytes(model))
                .as("the committed model, untouched")
                .isEqualTo(before);
    }

    @Test
    void theDefaultOutIsTheCommittedModelsFolderSoNoArgumentsRefuseThere() {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs();
        assertThat(command.out).isEqualTo(Path.of("model-artifacts"));
        assertThat(command.overwrite).isFalse();
        assertThat(Path.of("..").resolve(command.out).resolve("model.pmml"))
                .as("the committed model the default would have overwritten")
                .exists();
    }

    @Test
    void defaultsMatchTheArticleAndTheCommittedModel() {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs();
        command.spec = new CommandLine(command).getCommandSpec();
        TrainingSettings settings = command.validatedSettings();
        assertThat(settings.generate()).isEqualTo(50_000);
        assertThat(settings.seed()).isEqualTo(7);
        assertThat(settings.kMin()).isEqualTo(2);
        assertThat(settings.kMax()).isEqualTo(12);
        assertThat(settings.elbowSample()).isEqualTo(0.1);
        assertThat(settings.layersFor(4)).containsExactly(1, 6, 8, 4);
        assertThat(settings.maxIter()).isEqualTo(200);
        assertThat(settings.testFraction()).isEqualTo(0.4);
        assertThat(settings.out()).isEqualTo(Path.of("model-artifacts"));
        assertThat(settings.k()).isNull();
    }

    @Test
    void theCommittedModelsDistributionIsThatOfTheReadingsItsDefaultsGenerate() throws Exception {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs();
        command.spec = new CommandLine(command).getCommandSpec();
        TrainingSettings defaults = command.validatedSettings();
        ModelMetadata committed = ModelMetadata.read(Path.of("..", "model-artifacts", TrainingRun.METADATA_FILE));

        TrainingData data = TrainingRun.load(defaults);
        assertThat(ModelVersion.of(committed.k(), data.fingerprint(), defaults.classifierSettings()))
                .as("the same readings and settings")
                .isEqualTo(committed.version())
                .isEqualTo("k4-2e3d66839f72");
        assertThat(committed.trainingDistribution())
                .usingRecursiveComparison()
                .isEqualTo(DistributionSummary.of(data.temperatures()));
        PmmlModel model = PmmlModel.load(Path.of("..", "model-artifacts", TrainingRun.PMML_FILE));
        assertThat(committed.regimeDistributions())
                .as("per regime, of the readings the committed PMML predicts in it")
                .isEqualTo(RegimeDistributions.of(data.temperatures(), model::regime, committed.k())
                        .distributions());
    }

    @Test
    void describeOnlyNeedsAModelInOut() {
        assertThat(run("--describe-only", "--out", tmp.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains(tmp.resolve("model.json") + ": no such file; --describe-only describes a model");
    }

    @Test
    void describeOnlyWithOtherDataThanTheModelsChangesNothing() throws Exception {
        Path model = tmp.resolve("model.json");
        Files.copy(Path.of("..", "model-artifacts", "model.json"), model);
        byte[] before = Files.readAllBytes(model);
        assertThat(run("--describe-only", "--generate", "500", "--out", tmp.toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("make model version", "not k4-2e3d66839f72", "give the options it was trained with");
        assertThat(Files.readAllBytes(model)).isEqualTo(before);
        assertThat(tmp.resolve("report.md")).doesNotExist();
    }

    @Test
    void aCanaryIsAnnouncedOnlyWhenPublishingAndNeitherAsAShadowNorAsARollback() {
        assertThat(run("--canary", "0.1", "--generate", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("--canary needs --publish or --publish-only");
        assertThat(run("--publish-only", "--canary", "0.1", "--shadow", "--out", tmp.toString()))
                .isEqualTo(2);
        assertThat(run("--publish-only", "--canary", "0.1", "--rollback", "--out", tmp.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--canary announces a canary: not with --shadow or --rollback");
    }

    @Test
    void aCanaryPlanTheJobWouldRefuseIsNotAnnouncedSayingWhy() throws Exception {
        Files.copy(Path.of("..", "model-artifacts", "model.json"), tmp.resolve("model.json"));
        Files.copy(Path.of("..", "model-artifacts", "model.pmml"), tmp.resolve("model.pmml"));
        assertThat(run(
                        "--publish-only",
                        "--canary",
                        "1.5",
                        "--out",
                        tmp.toString(),
                        "--bootstrap-servers",
                        "127.0.0.1:1"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("\"share\" must lie between 0 and 1");
        assertThat(run(
                        "--publish-only",
                        "--canary",
                        "0.1",
                        "--canary-promote-after",
                        "soon",
                        "--out",
                        tmp.toString(),
                        "--bootstrap-servers",
                        "127.0.0.1:1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--canary-promote-after").contains("'soon' is not a duration");
    }

    @Test
    void describeOnlyDoesNotPublish() {
        assertThat(run("--describe-only", "--publish", "--out", tmp.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nothing new to --publish");
    }

    @Test
    void aMissingInputFileExitsNonZeroNamingTheFile() {
        Path missing = tmp.resolve("missing.csv");
        assertThat(run("--input", missing.toString(), "--out", tmp.resolve("m").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: " + missing + ": no such file" + System.lineSeparator());
    }

    @Test
    void aBadLineExitsNonZeroWithFileAndLineAndNoStackTrace() throws Exception {
        Path csv = Files.writeString(tmp.resolve("bad.csv"), "Temperature\n50\n5O\n");
        assertThat(run("--input", csv.toString(), "--out", tmp.resolve("m").toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .startsWith("error: " + csv + ":3: temperature \"5O\" is not a number")
                .doesNotContain("\tat ");
    }

    @Test
    void noTemperatureColumnExitsNonZero() throws Exception {
        Path csv = Files.writeString(tmp.resolve("cols.csv"), "time,value\n1,50\n");
        assertThat(run("--input", csv.toString(), "--out", tmp.resolve("m").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains(csv + ":1: no temperature column");
    }

    @Test
    void emptyDataExitsNonZero() throws Exception {
        Path csv = Files.writeString(tmp.resolve("empty.csv"), "temperature\n");
        assertThat(run("--input", csv.toString(), "--out", tmp.resolve("m").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains(csv + ": no readings in the file");
    }

    @Test
    void tooFewDistinctValuesExitNonZero() throws Exception {
        Path csv = Files.writeString(tmp.resolve("flat.csv"), "temperature\n" + "50\n".repeat(150));
        assertThat(run(
                        "--input",
                        csv.toString(),
                        "--k",
                        "4",
                        "--out",
                        tmp.resolve("m").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("only 1 distinct temperature value but 4 regimes were asked for");
    }

    @Test
    void tooFewReadingsExitNonZero() throws Exception {
        Path csv = Files.writeString(tmp.resolve("short.csv"), "temperature\n50\n50\n51\n");
        assertThat(run("--input", csv.toString(), "--out", tmp.resolve("m").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("only 3 readings");
    }

    @Test
    void anUnwritableOutputFolderExitsNonZeroBeforeAnyWork() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThat(run("--generate", "100", "--out", file.resolve("out").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("cannot create output folder " + file.resolve("out"));
    }

    @Test
    void badOptionsExitWithUsageErrors() {
        assertThat(run("--k-min", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("--k-min must be at least 2");
        assertInvalid("--k-max (3) must not be smaller than --k-min (5)", "--k-min", "5", "--k-max", "3");
        assertInvalid("--elbow-sample must be a fraction in (0, 1]", "--elbow-sample", "0");
        assertInvalid("--test-fraction must be a fraction in (0, 1)", "--test-fraction", "1");
        assertInvalid("--layers must be positive sizes", "--layers", "6,0");
        assertInvalid("--generate must be at least 1", "--generate", "0");
        assertInvalid("either --input or --generate", "--input", "x.csv", "--generate", "10");
        assertInvalid("--dataset", "--dataset", "gaussian");
        assertInvalid("--k must be at least 2", "--k", "1");
    }

    private void assertInvalid(String message, String... args) {
        err.getBuffer().setLength(0);
        assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }
}
