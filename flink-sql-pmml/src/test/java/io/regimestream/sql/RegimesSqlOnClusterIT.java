package io.regimestream.sql;

import static io.regimestream.sql.SqlPipelineKafka.bits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.localservices.FlinkCluster;
import io.regimestream.localservices.FlinkRest;
import io.regimestream.localservices.junit.FlinkClusterExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.RegimeModel;
import io.regimestream.model.RegimeScore;
import io.regimestream.model.testing.TestModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * sql/regimes.sql on a real Flink standalone cluster (local-services: a JobManager and a
 * TaskManager, each its own JVM) whose lib/ holds flink-sql-pmml.jar and the Kafka SQL connector
 * jar, as users install them, against a real Kafka broker (in-process KRaft). The script is
 * submitted inside flink-sql-script.jar, which holds neither the provider nor the model code: both
 * come from the cluster's lib/. Every reading's prediction, read back read_committed, is the
 * model's score to the bit.
 */
class RegimesSqlOnClusterIT {

    private static final Path PROVIDER_JAR = built(Path.of("target", "flink-sql-pmml.jar"));
    private static final Path SCRIPT_JAR = built(Path.of("target", "flink-sql-script.jar"));
    /** Copied there by the package phase, in the version the job uses. */
    private static final Path KAFKA_SQL_CONNECTOR_JAR =
            built(Path.of("target", "cluster-lib", "flink-sql-connector-kafka.jar"));

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final FlinkClusterExtension FLINK = new FlinkClusterExtension(
            b -> b.taskManagers(1).slotsPerTaskManager(2).libJar(PROVIDER_JAR).libJar(KAFKA_SQL_CONNECTOR_JAR));

    private static final int READINGS = 200;
    /** The script's consumer group ('properties.group.id'). */
    private static final String SCRIPT_GROUP = "regime-sql";

    private static final Pattern SUBMITTED = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");

    private static List<Reading> readings;
    private final SqlPipelineKafka kafka = new SqlPipelineKafka(KAFKA.broker());

    @BeforeAll
    static void sendReadings() throws Exception {
        KAFKA.broker().createTopic(PipelineDefaults.READINGS_TOPIC, 2);
        readings = new SqlPipelineKafka(KAFKA.broker()).sendReadings(READINGS);
    }

    @Test
    void flinkRunDetachedScoresWithTheProviderFromTheClustersLib() throws Exception {
        // Were the provider in the submitted jar, these tests would not show that lib/ serves it.
        assertThat(entries(SCRIPT_JAR))
                .contains("io/regimestream/sql/SqlScriptProgram.class")
                .noneMatch(e -> e.startsWith("io/regimestream/model/")
                        || e.startsWith("org/jpmml/")
                        || e.startsWith("io/regimestream/sql/Pmml")
                        || e.startsWith("io/regimestream/sql/PredictColumns")
                        || e.startsWith("META-INF/services/"));
        assertThat(entries(PROVIDER_JAR))
                .contains(
                        "io/regimestream/sql/PmmlModelProviderFactory.class",
                        "io/regimestream/model/RegimeModel.class",
                        "META-INF/services/org.apache.flink.table.factories.Factory");
        String output = startRun("cli-regimes");

        List<String> run = Stream.concat(Stream.of("-d", "-p", "2", SCRIPT_JAR.toString()), scriptArgs(output).stream())
                .toList();
        FlinkCluster.CliResult result = FLINK.cluster().flinkRun(run.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.output()).isZero();
        Matcher jobId = SUBMITTED.matcher(result.output());
        assertThat(jobId.find()).as(result.output()).isTrue();
        assertEveryReadingScoredByTheModel(jobId.group(1), output);
    }

    /** In the long set (-Plong-tests): another minute on a loaded machine, for a second way in to the same cluster. */
    @Test
    @Tag("long")
    void theWebUisJarUploadPlansTheScriptInsideTheJobManager() throws Exception {
        FlinkRest rest = FLINK.cluster().rest();
        String output = startRun("web-regimes");

        FlinkRest.Answer run = rest.runJar(rest.uploadJar(SCRIPT_JAR), scriptArgs(output), 2, null);

        assertThat(run.ok()).as(run.body().toString()).isTrue();
        assertEveryReadingScoredByTheModel(run.body().path("jobid").asText(), output);
        assertThat(FLINK.cluster().isJobManagerAlive()).isTrue();
    }

    /** A fresh output topic, and the script's group forgotten so that its job reads every reading. */
    private String startRun(String outputTopic) throws Exception {
        KAFKA.broker().createTopic(outputTopic, 2);
        kafka.forgetGroup(SCRIPT_GROUP);
        return outputTopic;
    }

    private static List<String> scriptArgs(String outputTopic) {
        Path script = Path.of("..", "sql", "regimes.sql").toAbsolutePath().normalize();
        return List.of(
                script.toString(),
                "--set",
                "BOOTSTRAP_SERVERS=" + KAFKA.bootstrapServers(),
                "--set",
                "MODEL_URI=" + TestModels.committed().toUri(),
                "--set",
                "OUTPUT_TOPIC=" + outputTopic);
    }

    private void assertEveryReadingScoredByTheModel(String jobId, String outputTopic) throws IOException {
        Map<String, Prediction> predictions;
        try {
            predictions = kafka.awaitPredictions(outputTopic, READINGS);
        } finally {
            // Until the job is gone it may still commit offsets, which the next test's job would start from.
            FLINK.cluster().rest().cancel(jobId);
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> FLINK.cluster().rest().jobState(jobId).equals("CANCELED"));
        }

        RegimeModel expected = RegimeModel.load(TestModels.committed().toString());
        assertThat(predictions.keySet())
                .isEqualTo(readings.stream().map(SqlPipelineKafka::key).collect(Collectors.toSet()));
        for (Prediction p : predictions.values()) {
            RegimeScore score = expected.score(p.temperature());
            String reading = SqlPipelineKafka.key(p);
            assertThat(p.regime()).as(reading).isEqualTo(score.regime());
            assertThat(bits(p.confidence())).as(reading).isEqualTo(bits(score.confidence()));
            assertThat(p.probabilities()).as(reading).hasSameSizeAs(score.probabilities());
            for (int i = 0; i < score.probabilities().length; i++) {
                assertThat(bits(p.probabilities()[i]))
                        .as("%s probability%d", reading, i)
                        .isEqualTo(bits(score.probabilities()[i]));
            }
            assertThat(p.modelVersion()).as(reading).isEqualTo(expected.version());
        }
        assertThat(predictions.values().stream()
                        .map(Prediction::regime)
                        .distinct()
                        .count())
                .isGreaterThanOrEqualTo(3);

        // Scored inside the TaskManager's JVM, whose two subtasks each loaded the model through the provider of its
        // lib/.
        assertThat(taskManagerLogs())
                .singleElement()
                .satisfies(log -> assertThat(log.lines()
                                .filter(line -> line.contains("ML_PREDICT with PMML model " + expected.version())))
                        .hasSizeGreaterThanOrEqualTo(2));
        assertThat(FLINK.cluster().classLoadingErrors())
                .as("class-loading errors in the JobManager/TaskManager logs ("
                        + FLINK.cluster().logDir() + ")")
                .isEmpty();
    }

    private static List<String> taskManagerLogs() throws IOException {
        try (Stream<Path> files = Files.list(FLINK.cluster().logDir())) {
            return files.filter(f -> f.getFileName().toString().matches("flink-taskexecutor-\\d+\\.log"))
                    .map(f -> {
                        try {
                            return Files.readString(f);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }

    private static List<String> entries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return Collections.list(zip.entries()).stream()
                    .map(ZipEntry::getName)
                    .toList();
        }
    }

    private static Path built(Path file) {
        Path absolute = file.toAbsolutePath();
        if (!Files.isRegularFile(absolute)) {
            throw new IllegalStateException(
                    "no " + absolute + ": cluster tests run after `package` (./mvnw -pl flink-sql-pmml -am verify)");
        }
        return absolute;
    }
}
