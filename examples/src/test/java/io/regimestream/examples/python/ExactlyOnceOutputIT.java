package io.regimestream.examples.python;

import static io.regimestream.examples.python.DebianClients.command;
import static io.regimestream.examples.python.DebianClients.producer;
import static io.regimestream.examples.python.DebianClients.writer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.Json;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.examples.python.DebianClients.Background;
import io.regimestream.examples.python.DebianClients.Finished;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The article's pipeline with this project's job in the middle, in its default exactly-once mode:
 * {@code produce_readings.py} streams readings into a real Kafka broker, the job (from its command
 * line, on a Flink MiniCluster) scores them, and {@code predictions_to_influxdb.py} writes the
 * predictions into a real influxd while it runs. Mid-stream, while a transaction of the job holds
 * predictions, its TaskManager is killed: the job restarts from its last checkpoint, the open
 * transaction is aborted and its predictions are written again. The scripts run with Debian's
 * python3 and its python3-confluent-kafka; kafka-python (Debian's python3-kafka 2.0.2) and kcat
 * then read the same topic.
 */
class ExactlyOnceOutputIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    private static final int READINGS = 1_200;
    private static final String PREDICTIONS = "machine-regimes";
    private static final String JOB_DATABASE = "job_sink";
    private static final String WRITER_DATABASE = "python_writer";
    private static final String WRITER_GROUP = "predictions-to-influxdb"; // the script's default

    private static KafkaTopics kafka;
    private static List<ConsumerRecord<byte[], byte[]>> readings;
    private static List<ConsumerRecord<byte[], byte[]>> committed;
    private static List<ConsumerRecord<byte[], byte[]>> uncommitted;
    private static Finished writer;
    private static JsonNode kafkaPython;

    @BeforeAll
    static void runTheArticlesPipelineThroughAnAbortedTransaction() throws Exception {
        DebianClients.requireClients();
        kafka = new KafkaTopics(KAFKA.broker());
        String bootstrap = KAFKA.bootstrapServers();
        try (JobOnMiniCluster job = JobOnMiniCluster.start()) {
            job.run(
                    "--bootstrap-servers",
                    bootstrap,
                    "--model",
                    JobOnMiniCluster.MODEL.toString(),
                    "--influxdb-url",
                    INFLUX.url(),
                    "--influxdb-database",
                    JOB_DATABASE,
                    "--delivery",
                    "exactly-once",
                    "--create-topics",
                    "--partitions",
                    "2",
                    "--drift-window",
                    "0");
            // Default topics and group: the scripts as a user runs them, beside the job.
            Background writing = Background.start(
                    writer(bootstrap, "--influxdb-url", INFLUX.url(), "--influxdb-database", WRITER_DATABASE));
            Background producing = Background.start(producer(
                    bootstrap, "--count", String.valueOf(READINGS), "--rate", "40", "--machines", "3", "--seed", "26"));

            await("a first commit of predictions")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.readCommitted(PREDICTIONS).size() >= 40);
            // Predictions in the log that no read_committed consumer sees yet: a transaction is open.
            await("an open transaction holding predictions")
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> kafka.read(PREDICTIONS, IsolationLevel.READ_UNCOMMITTED)
                                    .size()
                            > kafka.readCommitted(PREDICTIONS).size());
            job.killTaskManager();

            Finished produced = producing.awaitExit(Duration.ofMinutes(3));
            assertThat(produced.exitCode()).as("%s", produced).isZero();
            assertThat(produced.stderr()).contains("sent " + READINGS + " readings to machine-temperature");
            readings = kafka.readCommitted("machine-temperature");
            await("a committed prediction of every reading (job: " + job.ending() + ")")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> kafka.readCommitted(PREDICTIONS).size() >= READINGS);
            List<ConsumerRecord<byte[], byte[]>> done = kafka.readCommitted(PREDICTIONS);
            await("the writer's group past every prediction")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .failFast("the writer ended", () -> !writing.isAlive())
                    .until(() -> Outputs.caughtUp(KAFKA.broker(), WRITER_GROUP, done));
            writer = writing.stop(Duration.ofSeconds(30));
            await("the job's own points")
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> Outputs.pointCount(INFLUX.server(), JOB_DATABASE) >= READINGS);
        }
        committed = kafka.readCommitted(PREDICTIONS);
        uncommitted = kafka.read(PREDICTIONS, IsolationLevel.READ_UNCOMMITTED);
        Finished probe = DebianClients.run(
                Duration.ofMinutes(2),
                command(
                        DebianClients.TEST_SCRIPTS.resolve("kafka_python_probe.py"),
                        KAFKA.bootstrapServers(),
                        PREDICTIONS));
        assertThat(probe.exitCode()).as("%s", probe).isZero();
        kafkaPython = Json.mapper().readTree(probe.stdout());
        System.out.printf(
                "%d readings; predictions: %d committed, %d in the log (read_uncommitted); kafka-python returned %d"
                        + " records%n",
                readings.size(),
                committed.size(),
                uncommitted.size(),
                kafkaPython.path("records").size());
    }

    @Test
    void theJobAbortedATransactionThatHeldPredictionsAndWroteThemAgain() {
        List<ConsumerRecord<byte[], byte[]>> aborted = aborted();
        assertThat(aborted)
                .as("predictions in the log that read_committed does not return (the killed TaskManager's transaction)")
                .isNotEmpty();
        assertThat(Outputs.predictionKeys(committed)).containsAll(Outputs.predictionKeys(aborted));
    }

    @Test
    void readCommittedSeesOnePredictionPerReading() throws Exception {
        assertThat(readings).hasSize(READINGS);
        assertThat(Outputs.predictionKeys(committed))
                .containsExactlyInAnyOrderElementsOf(Outputs.readingKeys(readings));
    }

    @Test
    void theWriterWroteEveryCommittedPredictionOnceAndNothingElse() {
        assertThat(writer.exitCode()).as("%s", writer).isZero();
        assertThat(writer.stderr())
                .contains("wrote " + READINGS + " predictions to " + WRITER_DATABASE
                        + ".machine_regime (0 dropped by InfluxDB, 0 records skipped: not predictions)");
        List<String> expected = committed.stream()
                .map(r -> PredictionCodec.fromJson(r.value()))
                .map(p -> p.machineId() + "|" + p.timestamp() + "|" + p.temperature() + "|" + p.regime() + "|"
                        + p.modelVersion())
                .toList();
        assertThat(Outputs.points(INFLUX.server(), WRITER_DATABASE))
                .extracting(p -> p.get("machine") + "|" + p.get("time") + "|" + Double.parseDouble(p.get("temperature"))
                        + "|" + p.get("regime") + "|" + p.get("model_version"))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theWritersPointsAreTheJobSinksButForPartitionAndSubMillisecondTime() {
        List<Map<String, String>> fromJob = Outputs.points(INFLUX.server(), JOB_DATABASE);
        List<Map<String, String>> fromWriter = Outputs.points(INFLUX.server(), WRITER_DATABASE);
        assertThat(fromWriter).hasSize(READINGS);
        assertThat(fromWriter.get(0).keySet())
                .as("measurement columns: tags and fields")
                .containsExactlyInAnyOrderElementsOf(fromJob.get(0).keySet());
        assertThat(fromWriter.stream().map(ExactlyOnceOutputIT::withoutPartition))
                .containsExactlyInAnyOrderElementsOf(fromJob.stream()
                        .map(ExactlyOnceOutputIT::withoutPartition)
                        .toList());
    }

    @Test
    void aRestartedWriterResumesAndRecordsReadAgainOverwriteTheirPoints() throws Exception {
        assertThat(Outputs.caughtUp(KAFKA.broker(), WRITER_GROUP, committed))
                .as("offsets committed by the stopped writer")
                .isTrue();
        Finished again = writeAllWithNewGroup("python-again", WRITER_DATABASE);
        assertThat(again.stderr()).contains("wrote " + READINGS + " predictions");
        assertThat(Outputs.pointCount(INFLUX.server(), WRITER_DATABASE)).isEqualTo(READINGS);
    }

    /**
     * A prediction's two points share tags and time only when its reading and it sit at the same
     * partition and offset (modulo 1,000,000) of their topics, which transaction markers soon end.
     */
    @Test
    void theWriterAndTheJobsSinkInOneDatabaseCountMostReadingsTwice() throws Exception {
        String both = "both_sinks";
        INFLUX.server().createDatabase(both);
        copyPoints(JOB_DATABASE, both);
        assertThat(Outputs.pointCount(INFLUX.server(), both)).isEqualTo(READINGS);
        writeAllWithNewGroup("python-both", both);
        assertThat(Outputs.pointCount(INFLUX.server(), both))
                .isGreaterThan(READINGS + READINGS / 2)
                .isLessThanOrEqualTo(2L * READINGS);
    }

    @Test
    void kafkaPythonCannotReadCommitted() {
        assertThat(kafkaPython.path("kafkaPython").asText()).startsWith("2.0.");
        assertThat(kafkaPython.path("readCommittedError").asText())
                .contains("KafkaConfigurationError")
                .contains("Unrecognized configs")
                .contains("isolation_level");
    }

    @Test
    void kafkaPythonReturnsTheTransactionMarkersAsMessagesThatAreNotJson() {
        Set<String> records = new HashSet<>(Outputs.positions(uncommitted));
        List<JsonNode> markers = new ArrayList<>();
        kafkaPython.path("records").forEach(r -> {
            if (!records.contains(
                    r.path("partition").asInt() + "@" + r.path("offset").asLong())) {
                markers.add(r);
            }
        });
        // A control record: key = version 0 + type (0 abort, 1 commit), value = version 0 + coordinator epoch.
        Map<String, Long> byType = markers.stream()
                .collect(Collectors.groupingBy(m -> m.path("key").asText(), Collectors.counting()));
        assertThat(byType).as("markers by key").containsKeys("00000000", "00000001");
        assertThat(byType.keySet()).containsOnly("00000000", "00000001");
        assertThat(markers)
                .allSatisfy(
                        m -> assertThat(HexFormat.of().parseHex(m.path("value").asText()))
                                .hasSize(6))
                .allSatisfy(m -> assertThat(m.path("jsonError").asText()).startsWith("UnicodeDecodeError('utf-32-be'"));
        // kafka-python hands out every offset of the log: records and markers.
        assertThat(kafkaPython.path("records")).hasSize(uncommitted.size() + markers.size());
    }

    @Test
    void kafkaPythonReturnsThePredictionsOfAbortedTransactionsLikeAnyOther() {
        Map<String, String> kafkaPythonValues = new HashMap<>();
        kafkaPython
                .path("records")
                .forEach(r -> kafkaPythonValues.put(
                        r.path("partition").asInt() + "@" + r.path("offset").asLong(),
                        r.path("value").asText()));
        assertThat(aborted()).isNotEmpty().allSatisfy(r -> {
            byte[] value = HexFormat.of().parseHex(kafkaPythonValues.get(r.partition() + "@" + r.offset()));
            assertThat(value).isEqualTo(r.value());
            assertThat(PredictionCodec.fromJson(value).machineId()).startsWith("press-");
        });
    }

    @Test
    void kcatReadsCommittedByDefaultAndAbortedPredictionsOnlyWhenAskedTo() {
        assertThat(kcat()).containsExactlyInAnyOrderElementsOf(Outputs.positions(committed));
        assertThat(kcat("-X", "isolation.level=read_uncommitted"))
                .containsExactlyInAnyOrderElementsOf(Outputs.positions(uncommitted));
    }

    @Test
    void javasConsumerReadsUncommittedUnlessToldOtherwise() {
        assertThat(ConsumerConfig.configDef().defaultValues().get(ConsumerConfig.ISOLATION_LEVEL_CONFIG))
                .isEqualTo("read_uncommitted");
        assertThat(uncommitted).hasSizeGreaterThan(committed.size());
    }

    // ---------------------------------------------------------------- helpers

    /** Records a read_uncommitted consumer gets and a read_committed one does not. */
    private static List<ConsumerRecord<byte[], byte[]>> aborted() {
        Set<String> visible = new HashSet<>(Outputs.positions(committed));
        return uncommitted.stream()
                .filter(r -> !visible.contains(r.partition() + "@" + r.offset()))
                .toList();
    }

    /** SELECT INTO writes, so InfluxDB wants it POSTed (InfluxDbServer.query GETs a SELECT). */
    private static void copyPoints(String from, String to) throws Exception {
        String query = "SELECT * INTO \"" + to + "\"..machine_regime FROM machine_regime GROUP BY *";
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(INFLUX.url() + "/query?db=" + from + "&q="
                                        + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).doesNotContain("\"error\"");
    }

    private static Map<String, String> withoutPartition(Map<String, String> point) {
        Map<String, String> copy = new HashMap<>(point);
        copy.remove("partition");
        return copy;
    }

    /** Runs the writer with a fresh consumer group until it has committed past every prediction. */
    private static Finished writeAllWithNewGroup(String group, String database) {
        Background writing = Background.start(writer(
                KAFKA.bootstrapServers(),
                "--group-id",
                group,
                "--influxdb-url",
                INFLUX.url(),
                "--influxdb-database",
                database));
        await(group + " past every prediction")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .failFast("the writer ended", () -> !writing.isAlive())
                .until(() -> Outputs.caughtUp(KAFKA.broker(), group, committed));
        Finished finished = writing.stop(Duration.ofSeconds(30));
        assertThat(finished.exitCode()).as("%s", finished).isZero();
        return finished;
    }

    /** {@code partition@offset} of each message kcat prints of the predictions topic, from the beginning to the end. */
    private static List<String> kcat(String... options) {
        List<String> command = new ArrayList<>(List.of(
                "kcat",
                "-C",
                "-b",
                KAFKA.bootstrapServers(),
                "-t",
                PREDICTIONS,
                "-o",
                "beginning",
                "-e",
                "-q",
                "-f",
                "%p@%o\\n"));
        command.addAll(List.of(options));
        Finished kcat = DebianClients.run(Duration.ofMinutes(1), command);
        assertThat(kcat.exitCode()).as("%s", kcat).isZero();
        return kcat.stdout().lines().toList();
    }
}
