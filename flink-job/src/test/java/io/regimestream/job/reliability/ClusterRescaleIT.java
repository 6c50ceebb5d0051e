package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.codec.RegimeChangeCodec;
import io.regimestream.common.records.Prediction;
import io.regimestream.job.testing.JobJar;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.job.testing.TestFlink;
import io.regimestream.localservices.FlinkRest;
import io.regimestream.localservices.junit.FlinkClusterExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rescaling with state on a real Flink standalone cluster (a JobManager and two TaskManagers of
 * two slots, each its own JVM) and a real Kafka broker: the shaded job jar, submitted through the
 * REST jar run, is stopped with a savepoint at parallelism 2, resumed at 4 (both TaskManagers
 * full), stopped again and resumed at 1. Exactly-once across both restarts; the model announced
 * on the control topic before the first stop scores after each restart without being announced
 * again; and the regime changes are exactly those of each machine's predictions in order, so the
 * per-machine regime tracks survived both rescales (none lost, none spurious). It looks only at
 * the topics, so it holds for any graph: written on the one with a keyed "Detect regime changes"
 * operator, also passed on a trial merge with the single-task graph (tracks in union operator
 * state). In the long set
 * ({@code -Plong-tests}): about two minutes with the cluster's start.
 */
@Tag("long")
class ClusterRescaleIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final FlinkClusterExtension FLINK = new FlinkClusterExtension(
            b -> TestFlink.recommended(b.taskManagers(2).slotsPerTaskManager(2))
                    .config("execution.checkpointing.interval", "1 s"));

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Path MODEL_B = TestModels.second();
    private static final String VERSION_B = TestModels.versionOf(MODEL_B);
    /** --regime-change-readings when not given. */
    private static final int DEFAULT_CONFIRMING_READINGS = 3;

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @Test
    void rescalingFrom2To4To1ThroughSavepointsLosesAndDuplicatesNothingAndKeepsTheAnnouncedModel(
            @TempDir Path savepoints) {
        String[] topics = {
            "readings-rescale",
            "regimes-rescale",
            "dlq-rescale",
            "models-rescale",
            "status-rescale",
            "changes-rescale",
            "drift-rescale"
        };
        KAFKA.broker().createTopic(topics[0], 4);
        KAFKA.broker().createTopic(topics[1], 4);
        for (int i = 2; i < topics.length; i++) {
            KAFKA.broker().createTopic(topics[i], 1);
        }
        List<String> args = List.of(
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
                "rescale",
                "--transactional-id-prefix",
                "rescale",
                "--starting-offsets",
                "earliest",
                "--max-event-time-skew",
                "none", // readings of 2025
                "--model",
                TestModels.committed().toString(),
                "--allow-unsigned-models",
                "--no-influxdb");
        FlinkRest rest = FLINK.cluster().rest();
        String jar = rest.uploadJar(JobJar.path());
        ReadingFeed feed = new ReadingFeed(1_200, 43);
        int third = feed.size() / 3;

        // Parallelism 2; model B announced and activated by both scoring tasks; then a third of the readings.
        String job = submit(rest, jar, args, 2, null);
        kafka.send(
                topics[3],
                List.of(new ProducerRecord<>(
                        topics[3],
                        VERSION_B.getBytes(StandardCharsets.UTF_8),
                        ModelAnnouncementCodec.toJson(TestModels.inline(VERSION_B, MODEL_B)))));
        await().atMost(PATIENCE)
                .until(() -> ScoringJobs.activations(kafka, topics[4]).size() >= 2);
        feed.sendRange(kafka, topics[0], 0, third);
        awaitScored(topics[1], feed.keys().subList(0, third));
        String first = rest.stopWithSavepoint(job, savepoints.toUri().toString(), PATIENCE);

        // Parallelism 4 from the savepoint: the readings that came while it was down, and more.
        feed.sendRange(kafka, topics[0], third, 2 * third);
        job = submit(rest, jar, args, 4, first);
        awaitScored(topics[1], feed.keys().subList(0, 2 * third));
        String second = rest.stopWithSavepoint(job, savepoints.toUri().toString(), PATIENCE);

        // Parallelism 1 from the second savepoint.
        feed.sendRange(kafka, topics[0], 2 * third, feed.size());
        job = submit(rest, jar, args, 1, second);
        try {
            awaitScored(topics[1], feed.keys());
            Delivery delivery = Delivery.compare(feed.keys(), ScoringJobs.predictionKeys(kafka, topics[1]));
            assertThat(delivery.exactlyOnce()).as("%s", delivery).isTrue();

            Map<String, String> versions = kafka.readCommitted(topics[1]).stream()
                    .map(r -> PredictionCodec.fromJson(r.value()))
                    .collect(Collectors.toMap(ScoringJobs::key, Prediction::modelVersion));
            assertThat(feed.keys().stream().map(versions::get).distinct().toList())
                    .as("every reading, before and after both restarts, scored by the announced model")
                    .containsExactly(VERSION_B);
            assertThat(ScoringJobs.activations(kafka, topics[4]))
                    .as("B came back from the savepoints, never announced again")
                    .containsExactly(VERSION_B, VERSION_B);

            List<Prediction> predictions = kafka.readCommitted(topics[1]).stream()
                    .map(r -> PredictionCodec.fromJson(r.value()))
                    .toList();
            assertThat(RegimeChanges.expected(predictions, DEFAULT_CONFIRMING_READINGS))
                    .as("the machines change regimes")
                    .isNotEmpty();
            assertThat(kafka.readCommitted(topics[5]))
                    .extracting(r -> RegimeChanges.describe(RegimeChangeCodec.fromJson(r.value())))
                    .as("regime changes across the rescales")
                    .containsExactlyInAnyOrderElementsOf(
                            RegimeChanges.expected(predictions, DEFAULT_CONFIRMING_READINGS));
        } finally {
            rest.cancel(job);
        }
    }

    private static String submit(FlinkRest rest, String jar, List<String> args, int parallelism, String savepoint) {
        FlinkRest.Answer answer = rest.runJar(jar, args, parallelism, savepoint);
        assertThat(answer.ok())
                .as("jar run at parallelism %d: %s", parallelism, answer.body())
                .isTrue();
        String job = answer.body().path("jobid").asText();
        await().atMost(PATIENCE).until(() -> "RUNNING".equals(rest.jobState(job)));
        assertThat(rest.get("/jobs/" + job).body().path("vertices"))
                .as("the job's tasks")
                .filteredOn(v -> v.path("name").asText().contains("Score regime"))
                .extracting(v -> v.path("parallelism").asInt())
                .containsOnly(parallelism)
                .isNotEmpty();
        return job;
    }

    private void awaitScored(String output, List<String> keys) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Delivery.compare(
                                keys,
                                ScoringJobs.predictionKeys(kafka, output).stream()
                                        .filter(keys::contains)
                                        .toList())
                        .nothingLost());
    }
}
