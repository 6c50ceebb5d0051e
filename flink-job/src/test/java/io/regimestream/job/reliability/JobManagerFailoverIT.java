package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.codec.RegimeChangeCodec;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.records.Prediction;
import io.regimestream.job.testing.JobJar;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.job.testing.TestFlink;
import io.regimestream.localservices.FlinkCluster;
import io.regimestream.localservices.junit.FlinkClusterExtension;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.localservices.junit.ZooKeeperExtension;
import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JobManager killed with SIGKILL in the middle of an exactly-once run, on a real standalone
 * cluster (JobManager and TaskManager each their own JVM) with Flink's ZooKeeper high availability
 * (a real ZooKeeper server), a real Kafka broker and a real influxd; then a new JobManager process
 * is started, as a supervisor would. The job was submitted the way the compose stack submits it
 * ({@code docker/job-submit.sh}: a fixed job id) and a model announced on the control topic, so
 * the model it scores with is not the one it started with.
 *
 * <p>The new JobManager takes the job over from its latest checkpoint: every reading is one
 * prediction (read_committed) and one InfluxDB point, every prediction is the announced model's,
 * the model was not activated again, and the regime changes are exactly those of each machine's
 * predictions in order (the tracks came back: none lost, none spurious). The TaskManager is left
 * running through the outage: it registers with the new JobManager and runs the job again, no
 * restart of its process needed. Run again afterwards, as {@code docker compose up} would,
 * {@code job-submit.sh} starts no second copy.
 */
class JobManagerFailoverIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    @RegisterExtension
    @Order(1)
    static final ZooKeeperExtension ZOOKEEPER = new ZooKeeperExtension();

    /**
     * Checkpoints every second, so the kill finds a recent one. A 10 s ZooKeeper session: the new
     * JobManager is elected once the dead one's session has expired (Flink's default is 60 s).
     */
    @RegisterExtension
    @Order(2)
    static final FlinkClusterExtension FLINK =
            new FlinkClusterExtension(b -> TestFlink.recommended(b.zooKeeperHighAvailability(ZOOKEEPER.connectString()))
                    .config("execution.checkpointing.interval", "1 s")
                    .config("high-availability.zookeeper.client.session-timeout", "10 s"));

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Path JOB_SUBMIT = Path.of("..", "docker", "job-submit.sh");
    private static final String JOB_ID = "0000000000000000000000000000fa11";
    private static final Path MODEL_B = TestModels.second();
    private static final String VERSION_B = TestModels.versionOf(MODEL_B);
    /** --regime-change-readings when not given. */
    private static final int DEFAULT_CONFIRMING_READINGS = 3;

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @Test
    void aNewJobManagerTakesTheJobOverFromItsLatestCheckpointLosingAndDuplicatingNothing() throws Exception {
        FlinkCluster flink = FLINK.cluster();
        String[] topics = {"readings-jm", "regimes-jm", "dlq-jm", "models-jm", "status-jm", "changes-jm", "drift-jm"};
        KAFKA.broker().createTopic(topics[0], 2);
        KAFKA.broker().createTopic(topics[1], 2);
        for (int i = 2; i < topics.length; i++) {
            KAFKA.broker().createTopic(topics[i], 1);
        }
        String database = "regimes_jm_failover";
        KAFKA.broker().createTopic(PipelineDefaults.influxPointsTopic(database), 1); // the points' way to InfluxDB
        List<String> submission =
                new ArrayList<>(List.of("-p", "2", JobJar.path().toString()));
        submission.addAll(List.of(
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--input-topic",
                topics[0],
                "--output-topic",
                topics[1],
                "--dlq-topic",
                topics[2],
                "--model-topic",
                topics[3],
                "--model-status-topic",
                topics[4],
                "--regime-changes-topic",
                topics[5],
                "--drift-topic",
                topics[6],
                "--group-id",
                "jm-failover",
                "--transactional-id-prefix",
                "jm-failover",
                "--starting-offsets",
                "earliest",
                "--max-event-time-skew",
                "none", // readings of 2025
                "--model",
                TestModels.committed().toString(),
                "--allow-unsigned-models", // model B is announced unsigned
                "--influxdb-url",
                INFLUX.url(),
                "--influxdb-database",
                database));

        Submission first = jobSubmit(flink, submission);
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("Job has been submitted with JobID " + JOB_ID);
        await().atMost(PATIENCE).until(() -> "RUNNING".equals(flink.rest().jobState(JOB_ID)));
        try {
            // Model B announced and activated by both scoring tasks, then readings stream in.
            kafka.send(
                    topics[3],
                    List.of(new ProducerRecord<>(
                            topics[3],
                            VERSION_B.getBytes(StandardCharsets.UTF_8),
                            ModelAnnouncementCodec.toJson(TestModels.inline(VERSION_B, MODEL_B)))));
            await().atMost(PATIENCE)
                    .until(() -> ScoringJobs.activations(kafka, topics[4]).size() >= 2);
            ReadingFeed feed = new ReadingFeed(3_000, 71);
            feed.startSending(kafka, topics[0], 100, 300);
            // Committed predictions of B: a checkpoint taken after B's activation has completed.
            await().atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> feed.sent() >= feed.size() / 3
                            && !ScoringJobs.predictionKeys(kafka, topics[1]).isEmpty());
            long latestCheckpointBefore = checkpoints(flink)
                    .path("latest")
                    .path("completed")
                    .path("id")
                    .asLong();
            int readingsSentBefore = feed.sent();
            long taskManager = flink.taskManagerPid(0);

            long killed = System.nanoTime();
            flink.killJobManager();
            flink.startJobManager(); // returns once the new one is leader and answers
            long leader = System.nanoTime();
            await().atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> "RUNNING".equals(flink.rest().jobState(JOB_ID)));
            long running = System.nanoTime();
            flink.awaitTaskManagersRegistered();
            assertThat(flink.taskManagerPid(0))
                    .as("the TaskManager process rode through the outage")
                    .isEqualTo(taskManager);
            assertThat(flink.rest().get("/taskmanagers").body().path("taskmanagers"))
                    .extracting(tm -> tm.path("id").asText())
                    .as("the TaskManagers the new JobManager runs the job on")
                    .containsExactly(flink.taskManagerResourceId(0));

            feed.awaitAllSent();
            await().atMost(PATIENCE)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> Delivery.compare(feed.keys(), ScoringJobs.predictionKeys(kafka, topics[1]))
                            .nothingLost());
            long complete = System.nanoTime();
            // A little longer, so that late duplicates (a replay after the last check) would be seen too.
            Thread.sleep(2_000);

            Delivery predictions = Delivery.compare(feed.keys(), ScoringJobs.predictionKeys(kafka, topics[1]));
            Delivery points = Delivery.compare(feed.keys(), ScoringJobs.pointKeys(INFLUX.server(), database));
            long pointCount = INFLUX.server().count(database, "SELECT count(\"temperature\") FROM machine_regime");
            JsonNode restored = checkpoints(flink).path("latest").path("restored");
            List<Prediction> predicted = kafka.readCommitted(topics[1]).stream()
                    .map(r -> PredictionCodec.fromJson(r.value()))
                    .toList();
            List<String> expectedChanges = RegimeChanges.expected(predicted, DEFAULT_CONFIRMING_READINGS);
            List<String> changes = kafka.readCommitted(topics[5]).stream()
                    .map(r -> RegimeChanges.describe(RegimeChangeCodec.fromJson(r.value())))
                    .toList();
            ReliabilityReport.of("jobmanager-failover")
                    .delivery("predictions", predictions)
                    .delivery("points", points)
                    .put("influxPointCount", pointCount)
                    .put("readingsSentBeforeTheKill", readingsSentBefore)
                    .put("latestCheckpointBeforeTheKill", latestCheckpointBefore)
                    .put("restoredCheckpoint", restored.path("id").asLong())
                    .put("secondsFromKillToNewLeader", ReliabilityReport.seconds(leader - killed))
                    .put("secondsFromKillToJobRunning", ReliabilityReport.seconds(running - killed))
                    .put("secondsFromKillToCompleteOutput", ReliabilityReport.seconds(complete - killed))
                    .put("regimeChanges", changes.size())
                    .write();

            assertThat(predictions.exactlyOnce())
                    .as("predictions %s", predictions)
                    .isTrue();
            assertThat(points.exactlyOnce()).as("InfluxDB points %s", points).isTrue();
            assertThat(pointCount).isEqualTo(feed.size());
            assertThat(restored.path("is_savepoint").asBoolean())
                    .as("restored from a checkpoint: %s", restored)
                    .isFalse();
            assertThat(restored.path("id").asLong())
                    .as("the checkpoint restored: the latest one, at least as recent as the last seen before the kill")
                    .isGreaterThanOrEqualTo(latestCheckpointBefore)
                    .isPositive();
            assertThat(predicted)
                    .extracting(Prediction::modelVersion)
                    .as("every reading, before and after the kill, scored by the announced model")
                    .containsOnly(VERSION_B);
            assertThat(ScoringJobs.activations(kafka, topics[4]))
                    .as("B came back from the checkpoint, not activated again")
                    .containsExactly(VERSION_B, VERSION_B);
            assertThat(expectedChanges).as("the machines change regimes").isNotEmpty();
            assertThat(changes)
                    .as("regime changes across the JobManager failover")
                    .containsExactlyInAnyOrderElementsOf(expectedChanges);

            // docker compose up again: the one-shot job-submit runs a second time.
            Submission again = jobSubmit(flink, submission);
            assertThat(again.exitCode()).as(again.output()).isZero();
            assertThat(again.output()).contains("job " + JOB_ID + " already runs on this cluster");
            assertThat(flink.rest().runningJobIds()).containsExactly(JOB_ID);
        } finally {
            if (flink.isJobManagerAlive() && flink.rest().runningJobIds().contains(JOB_ID)) {
                flink.rest().cancel(JOB_ID);
            }
        }
    }

    private record Submission(int exitCode, String output) {}

    /** {@code docker/job-submit.sh JOB_ID ARGS...} with this cluster's {@code flink}, as compose's job-submit runs it. */
    private static Submission jobSubmit(FlinkCluster flink, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", JOB_SUBMIT.toString(), JOB_ID));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("FLINK", flink.flinkScript().toString());
        Process process = pb.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(3, TimeUnit.MINUTES))
                .as("job-submit.sh ended")
                .isTrue();
        return new Submission(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static JsonNode checkpoints(FlinkCluster flink) {
        return flink.rest().get("/jobs/" + JOB_ID + "/checkpoints").body();
    }
}
