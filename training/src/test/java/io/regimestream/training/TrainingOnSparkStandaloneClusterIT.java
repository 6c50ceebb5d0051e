package io.regimestream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.localservices.SparkStandaloneCluster;
import io.regimestream.localservices.junit.SparkStandaloneClusterExtension;
import io.regimestream.training.output.ModelVersion;
import io.regimestream.training.pmml.ParityCheck.PmmlModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training's thin jar submitted with spark-submit, exactly as README.md's <i>spark-submit</i>
 * section says, to a real Spark 4.0.1 standalone cluster: a Master and a Worker, each its own JVM,
 * from Maven Central's jars (local-services' {@link SparkStandaloneCluster}); the executor is a
 * third JVM the Worker forks. Client mode: the driver is a fourth JVM, started by Spark's launcher.
 */
class TrainingOnSparkStandaloneClusterIT {

    private static final Path README = Path.of("README.md");
    private static final String README_MASTER = "spark://127.0.0.1:7077";
    private static final Path THIN_JAR = Path.of("target", "training-thin.jar");
    /** What STACK.md found Spark needs on Java 17 (Kryo on HeapByteBuffer, SerializedLambda, AbstractList.modCount). */
    private static final List<String> JAVA_17_OPENS = List.of(
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED");

    @RegisterExtension
    static final SparkStandaloneClusterExtension SPARK = new SparkStandaloneClusterExtension();

    @TempDir
    Path tmp;

    @Test
    void theReadmesSparkSubmitLineTrainsAValidModelOnTheWorker() throws Exception {
        SparkStandaloneCluster spark = SPARK.cluster();
        Path out = tmp.resolve("model");
        List<String> command = new ArrayList<>(readmeSparkSubmitOptions(spark.masterUrl()));
        command.addAll(List.of(
                "--generate",
                "3000",
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
                out.toString()));

        SparkStandaloneCluster.SubmitResult run = spark.sparkSubmit(command.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).as("the training's own progress").contains("starting Spark (" + spark.masterUrl());
        assertThat(launchCommand(run.output(), "Spark Command: "))
                .as("the driver's command line, from Spark's launcher")
                .contains(JAVA_17_OPENS);

        // A valid model: every file, parity with Spark on every test row, the simulator's regimes.
        for (String file : List.of("model.pmml", "model.json", "elbow.csv", "elbow.png", "report.md")) {
            assertThat(out.resolve(file)).isNotEmptyFile();
        }
        ModelMetadata metadata = ModelMetadata.read(out.resolve("model.json"));
        assertThat(metadata.parity().disagreements()).isZero();
        assertThat(metadata.parity().rowsCompared())
                .isEqualTo(metadata.rows().get("test"))
                .isPositive();
        assertThat(metadata.pmmlSha256()).isEqualTo(ModelVersion.sha256(Files.readAllBytes(out.resolve("model.pmml"))));
        assertThat(metadata.k()).as("the simulator's four regimes").isEqualTo(4);
        assertThat(metadata.accuracy()).isGreaterThanOrEqualTo(0.99);
        PmmlModel pmml = PmmlModel.load(out.resolve("model.pmml"));
        assertThat(pmml.regime(30.0)).as("a cool reading").isZero();
        assertThat(pmml.regime(75.0)).as("a hot reading").isEqualTo(3);

        // The work ran on the cluster: the Master lists the application as finished, the Worker its executor.
        String appId = appIdIn(run.output());
        await("the Master lists " + appId + " as FINISHED")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(elements(spark.masterState().path("completedapps")))
                        .anySatisfy(app -> {
                            assertThat(app.path("id").asText()).isEqualTo(appId);
                            assertThat(app.path("name").asText()).isEqualTo("regime-stream training");
                            assertThat(app.path("state").asText()).isEqualTo("FINISHED");
                        }));
        await("the Worker lists the executor of " + appId + " as finished")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(elements(spark.workerState().path("finishedexecutors")))
                        .anySatisfy(executor -> {
                            assertThat(executor.path("appid").asText()).isEqualTo(appId);
                            assertThat(executor.path("appdesc").path("command").asText())
                                    .contains(JAVA_17_OPENS);
                        }));
        String executorLog = spark.executorLogs(appId);
        assertThat(launchCommand(executorLog, "Spark Executor Command: "))
                .as("the executor's command line, as the Worker started it")
                .contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")
                .contains(JAVA_17_OPENS)
                .as("the executor on the loopback, reaching the driver there")
                .contains("\"--hostname\" \"127.0.0.1\"")
                .containsPattern("\"--driver-url\" \"spark://CoarseGrainedScheduler@(localhost|127\\.0\\.0\\.1):");
        assertThat(executorLog)
                .as("tasks the executor ran")
                .containsPattern("Executor: Finished task \\d+\\.\\d+ in stage \\d+\\.\\d+");
    }

    /**
     * The options of README.md's spark-submit line up to and including the jar, the master given
     * as the cluster's: what this test runs is what the README says. The program's own options
     * after the jar (the README's --input) are the test's small data instead.
     */
    private static List<String> readmeSparkSubmitOptions(String masterUrl) throws Exception {
        String readme = Files.readString(README);
        Matcher block = Pattern.compile("## spark-submit\\n.*?```bash\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(block.find())
                .as("README.md has a spark-submit section with a bash block")
                .isTrue();
        List<String> words =
                Arrays.asList(block.group(1).replace("\\\n", " ").trim().split("\\s+"));
        assertThat(words.get(0)).isEqualTo("spark-submit");
        int jar = words.indexOf("training/target/training-thin.jar");
        assertThat(jar).as("the README submits the thin jar: %s", words).isPositive();
        assertThat(words).as("the README's master").contains(README_MASTER);
        assertThat(THIN_JAR).as("built by the package phase").isRegularFile();

        List<String> options = new ArrayList<>();
        for (String word : words.subList(1, jar)) {
            options.add(word.equals(README_MASTER) ? masterUrl : word);
        }
        // The tests run in the module's folder; the README's path is from the project's root.
        options.add(THIN_JAR.toAbsolutePath().toString());
        return options;
    }

    /** The command line a Spark launcher or Worker printed after {@code marker}. */
    private static String launchCommand(String output, String marker) {
        return output.lines()
                .filter(line -> line.startsWith(marker))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with \"" + marker + "\" in:\n" + output));
    }

    private static String appIdIn(String driverOutput) {
        Matcher id = Pattern.compile("Connected to Spark cluster with app ID (app-[0-9-]+)")
                .matcher(driverOutput);
        assertThat(id.find())
                .as("the driver's log names its application:\n%s", driverOutput)
                .isTrue();
        return id.group(1);
    }

    private static List<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
