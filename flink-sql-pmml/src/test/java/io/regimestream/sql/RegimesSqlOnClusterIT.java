package io.regimestream.sql;

import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.localservices.FlinkCluster;
import io.regimestream.localservices.junit.FlinkClusterExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.RegimeModel;
import io.regimestream.model.RegimeScore;
import io.regimestream.model.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static io.regimestream.sql.SqlPipelineKafka.bits;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * sql/regimes.sql on a real Flink standalone cluster (local-services: a JobManager and a
 * TaskManager, each its own JVM) whose lib/ holds flink-sql-pmml.jar and the Kafka SQL connector
 * jar, as users install them, against a real Kafka broker (in-process KRaft). The script is
 * submitted with {@code flink run} inside flink-sql-script.jar, which holds neither the provider
 * nor the model code: both come from the cluster's lib/. Every reading's prediction, read back
 * read_committed, is the model's score to the bit.
 */
class RegimesSqlOnClusterIT {

    private static final Path PROVIDER_JAR = built(Path.of("target", "flink-sql-pmml.jar"));
    private static final Path SCRIPT_JAR = built(Path.of("target", "flink-sql-script.jar"));
    /** Copied there by the package phase, in the version the job uses. */
    private static final Path KAFKA_SQL_CONNECTOR_JAR = built(Path.of("target", "cluster-lib", "flink-sql-connector-kafka.jar"));

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final FlinkClusterExtension FLINK = new FlinkClusterExtension(b -> b.taskManagers(1).slotsPerTaskManager(2)
            .libJar(PROVIDER_JAR).libJar(KAFKA_SQL_CONNECTOR_JAR));

    private static final int READINGS = 200;
    private static final String OUTPUT_TOPIC = "cluster-sql-regimes";
    private static final Pattern SUBMITTED = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");

    private final SqlPipelineKafka kafka = new SqlPipelineKafka(KAFKA.broker());

    @Test
    void theScriptSubmittedWithFlinkRunScoresWithTheProviderFromTheClustersLib() throws Exception {
        // Were the provider in the submitted jar, this test would not show that lib/ serves it.
        assertThat(entries(SCRIPT_JAR)).contains("io/regimestream/sql/SqlScriptProgram.class")
                .noneMatch(e -> e.startsWith("io/regimestream/model/") || e.startsWith("org/jpmml/")
                        || e.startsWith("io/regimestream/sql/Pmml") || e.startsWith("io/regimestream/sql/PredictColumns")
                        || e.startsWith("META-INF/services/"));
        assertThat(entries(PROVIDER_JAR)).contains("io/regimestream/sql/PmmlModelProviderFactory.class",
                "io/regimestream/model/RegimeModel.class", "META-INF/services/org.apache.flink.table.factories.Factory");

        KAFKA.broker().createTopic(PipelineDefaults.READINGS_TOPIC, 2);
        KAFKA.broker().createTopic(OUTPUT_TOPIC, 2);
        List<Reading> readings = kafka.sendReadings(READINGS);
        Path model = TestModels.committed();
        Path script = Path.of("..", "sql", "regimes.sql").toAbsolutePath().normalize();

        FlinkCluster.CliResult run = FLINK.cluster().flinkRun("-d", "-p", "2", SCRIPT_JAR.toString(), script.toString(),
                "--set", "BOOTSTRAP_SERVERS=" + KAFKA.bootstrapServers(),
                "--set", "MODEL_URI=" + model.toUri(),
                "--set", "OUTPUT_TOPIC=" + OUTPUT_TOPIC);
        assertThat(run.exitCode()).as(run.output()).isZero();
        Matcher jobId = SUBMITTED.matcher(run.output());
        assertThat(jobId.find()).as(run.output()).isTrue();
        Map<String, Prediction> predictions;
        try {
            predictions = kafka.awaitPredictions(OUTPUT_TOPIC, READINGS);
        } finally {
            FLINK.cluster().rest().cancel(jobId.group(1));
        }

        RegimeModel expected = RegimeModel.load(model.toString());
        assertThat(predictions.keySet()).isEqualTo(readings.stream().map(SqlPipelineKafka::key).collect(Collectors.toSet()));
        for (Prediction p : predictions.values()) {
            RegimeScore score = expected.score(p.temperature());
            String reading = SqlPipelineKafka.key(p);
            assertThat(p.regime()).as(reading).isEqualTo(score.regime());
            assertThat(bits(p.confidence())).as(reading).isEqualTo(bits(score.confidence()));
            assertThat(p.probabilities()).as(reading).hasSameSizeAs(score.probabilities());
            for (int i = 0; i < score.probabilities().length; i++) {
                assertThat(bits(p.probabilities()[i])).as("%s probability%d", reading, i).isEqualTo(bits(score.probabilities()[i]));
            }
            assertThat(p.modelVersion()).as(reading).isEqualTo(expected.version());
        }
        assertThat(predictions.values().stream().map(Prediction::regime).distinct().count()).isGreaterThanOrEqualTo(3);

        // Scored inside the TaskManager's JVM, whose two subtasks each loaded the model through the provider of its lib/.
        assertThat(taskManagerLogs()).singleElement().satisfies(log -> assertThat(log.lines()
                .filter(line -> line.contains("ML_PREDICT with PMML model " + expected.version()))).hasSize(2));
        assertThat(FLINK.cluster().classLoadingErrors())
                .as("class-loading errors in the JobManager/TaskManager logs (" + FLINK.cluster().logDir() + ")").isEmpty();
    }

    private static List<String> taskManagerLogs() throws IOException {
        try (Stream<Path> files = Files.list(FLINK.cluster().logDir())) {
            return files.filter(f -> f.getFileName().toString().matches("flink-taskexecutor-\\d+\\.log")).map(f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private static List<String> entries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
        }
    }

    private static Path built(Path file) {
        Path absolute = file.toAbsolutePath();
        if (!Files.isRegularFile(absolute)) {
            throw new IllegalStateException("no " + absolute + ": cluster tests run after `package` (./mvnw -pl flink-sql-pmml -am verify)");
        }
        return absolute;
    }
}
