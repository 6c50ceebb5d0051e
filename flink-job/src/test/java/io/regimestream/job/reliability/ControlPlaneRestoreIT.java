package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.codec.ModelDriftCodec;
import io.regimestream.common.codec.ModelStatusCodec;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelDrift;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Reading;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.health.DriftSettings;
import io.regimestream.job.reliability.ScoringJobs.Topics;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.AnnouncementPolicy;
import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the job keeps of the model control plane across checkpoints and savepoints, on a Flink
 * MiniCluster (2 scoring tasks, exactly-once, memory-backed checkpoints as {@code bin/job} has
 * them) against a real Kafka broker: announcements published while the job was stopped apply in
 * publish order after the restore; a model larger than memory-backed checkpoints hold is
 * checkpointed by what identifies it, not its bytes; drift windows and the shadow model's drift
 * baseline come back from a savepoint.
 */
class ControlPlaneRestoreIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final Path A = TestModels.committed();
    private static final Path B = TestModels.second();
    private static final Duration WAIT = Duration.ofMinutes(3);

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @Test
    void announcementsPublishedWhileTheJobWasStoppedApplyInPublishOrderAfterTheRestore(@TempDir Path savepoints)
            throws Exception {
        Topics topics = Topics.create(KAFKA.broker(), "pending", 2);
        JobConfig config =
                controlTopics(ScoringJobs.config(KAFKA.broker(), topics, A, DeliveryMode.EXACTLY_ONCE), "pending");
        JobClient job = ScoringJobs.start(config, "pending announcements, before");
        sendAndAwait(topics, "press-01", 20, 50.0);
        String savepoint = stopWithSavepoint(job, savepoints);

        List<String> published = List.of("p1", "p2", "p3", "p4", "p5");
        for (int i = 0; i < published.size(); i++) { // one at a time: each after the one before
            announce(
                    config.topics().models(),
                    TestModels.inline(published.get(i), Files.readAllBytes(i % 2 == 0 ? B : A)));
        }
        JobClient restored = ScoringJobs.start(config, "pending announcements, after", restoreFrom(savepoint));
        try {
            await("every task activating the five")
                    .atMost(WAIT)
                    .until(() -> statuses(config).size() >= 10);
            // The status topic has several partitions (keyed by version), so its order proves nothing; each
            // activation names the model it replaced: the chain of them is the order they were applied in.
            Map<String, Map<String, String>> replacedByTask = new LinkedHashMap<>();
            for (ModelStatus s : statuses(config)) {
                assertThat(s.outcome()).as(s.detail()).isEqualTo(ModelStatus.Outcome.ACTIVATED);
                Matcher was = Pattern.compile("\\(was ([^)]+)\\)").matcher(s.detail());
                assertThat(was.find()).as(s.detail()).isTrue();
                replacedByTask
                        .computeIfAbsent(s.task(), t -> new LinkedHashMap<>())
                        .put(s.version(), was.group(1));
            }
            assertThat(replacedByTask)
                    .hasSize(2)
                    .allSatisfy((task, replaced) -> assertThat(replaced)
                            .as("what each activation of %s replaced", task)
                            .containsExactlyInAnyOrderEntriesOf(Map.of(
                                    "p1", TestModels.versionOf(A), "p2", "p1", "p3", "p2", "p4", "p3", "p5", "p4")));
            try (Admin admin = KAFKA.broker().admin()) {
                assertThat(admin.describeTopics(List.of(config.topics().models()))
                                .allTopicNames()
                                .get(30, TimeUnit.SECONDS)
                                .get(config.topics().models())
                                .partitions())
                        .as("the control topic the job created: one ordered stream")
                        .hasSize(1);
            }
            assertThat(sendAndAwait(topics, "press-02", 20, 50.0))
                    .as("scored by the last one published")
                    .containsOnly("p5");
            assertThat(ScoringJobs.restarts(FLINK, restored.getJobID())).isZero();
        } finally {
            restored.cancel().get();
        }
    }

    @Test
    void aModelLargerThanMemoryBackedCheckpointsHoldIsCheckpointedByWhatIdentifiesItNotItsBytes(
            @TempDir Path dir, @TempDir Path savepoints) throws Exception {
        Path allowed = Files.createDirectories(dir.resolve("models"));
        byte[] large = TestModels.padded(6 * 1024 * 1024);
        Path file = Files.write(allowed.resolve("large.pmml"), large);
        Topics topics = Topics.create(KAFKA.broker(), "large", 2);
        JobConfig config = controlTopics(
                        ScoringJobs.config(KAFKA.broker(), topics, A, DeliveryMode.EXACTLY_ONCE), "large")
                .withModel(m -> m.withAnnouncementPolicy(
                        AnnouncementPolicy.of(List.of(), List.of(allowed.toUri().toString()))));
        JobClient job = ScoringJobs.start(config, "a 6 MB model");
        try {
            sendAndAwait(topics, "press-01", 10, 50.0);
            announce(
                    config.topics().models(),
                    ModelAnnouncement.at(
                            "k3-large", TestModels.sha256(large), file.toUri().toString(), System.currentTimeMillis()));
            await("both tasks activating it")
                    .atMost(WAIT)
                    .until(() -> statuses(config).size() >= 2);
            assertThat(statuses(config))
                    .allSatisfy(s -> assertThat(s.outcome()).as(s.detail()).isEqualTo(ModelStatus.Outcome.ACTIVATED));
            // (a checkpoint triggered while the tasks were still starting counts as failed too: only later ones count)
            JsonNode before = ScoringJobs.checkpointCounts(FLINK, job.getJobID());
            long completed = before.path("completed").asLong();
            long failed = before.path("failed").asLong();
            await("three more checkpoints")
                    .atMost(WAIT)
                    .until(() -> ScoringJobs.checkpointCounts(FLINK, job.getJobID())
                                    .path("completed")
                                    .asLong()
                            >= completed + 3);
            assertThat(ScoringJobs.checkpointCounts(FLINK, job.getJobID())
                            .path("failed")
                            .asLong())
                    .as(
                            "checkpoints failed with the model active (memory-backed state holds at most 5 MB): %s",
                            ScoringJobs.latestCheckpointFailure(FLINK, job.getJobID()))
                    .isEqualTo(failed);
            assertThat(sendAndAwait(topics, "press-02", 10, 50.0)).containsOnly("k3-large");
            assertThat(ScoringJobs.restarts(FLINK, job.getJobID())).isZero();
            JsonNode after = ScoringJobs.checkpointCounts(FLINK, job.getJobID());
            ReliabilityReport.of("control-plane-large-model")
                    .put("modelBytes", large.length)
                    .put(
                            "checkpointsCompletedWithTheModel",
                            after.path("completed").asLong() - completed)
                    .put("checkpointsFailedWithTheModel", after.path("failed").asLong() - failed)
                    .put("latestCheckpointBytes", ScoringJobs.latestCheckpointSize(FLINK, job.getJobID()))
                    .put("restarts", 0)
                    .write();
        } catch (Throwable t) {
            job.cancel().get();
            throw t;
        }
        // The savepoint holds no model bytes either; the restored job reads the model again from its location.
        String savepoint = stopWithSavepoint(job, savepoints);
        JobClient restored = ScoringJobs.start(config, "a 6 MB model, restored", restoreFrom(savepoint));
        try {
            assertThat(sendAndAwait(topics, "press-03", 10, 50.0)).containsOnly("k3-large");
        } finally {
            restored.cancel().get();
        }
    }

    @Test
    void driftWindowsAndTheShadowsBaselineComeBackFromASavepoint(@TempDir Path savepoints) throws Exception {
        Topics topics = Topics.create(KAFKA.broker(), "drift-restore", 2);
        // 2 min windows (evaluated every minute), 100 readings at least, out of range above 5 % (PSI left aside)
        JobConfig config = controlTopics(
                        ScoringJobs.config(KAFKA.broker(), topics, A, DeliveryMode.EXACTLY_ONCE), "drift-restore")
                .withDrift(new DriftSettings(Duration.ofMinutes(2), 100, 1_000.0, 0.05));
        byte[] pmmlB = Files.readAllBytes(B);
        // a shadow whose baseline puts every reading out of range: what the job measures once it is promoted
        DriftBaseline narrow = new DriftBaseline(
                new ModelMetadata.TrainingDistribution(100, 0, 1, new double[] {.1, .2, .3, .4, .5, .6, .7, .8, .9}),
                List.of(),
                null);
        JobClient job = ScoringJobs.start(config, "drift and shadow, before");
        String savepoint;
        try {
            announce(
                    config.topics().models(),
                    TestModels.inline("k3-shadow", pmmlB).withBaseline(narrow).withMode(ModelAnnouncement.Mode.SHADOW));
            await("both tasks shadowing")
                    .atMost(WAIT)
                    .until(() -> statuses(config).size() >= 2);
            // press-01 at 120 °C, out of the committed model's training range: 60 readings, fewer than a window needs
            sendAndAwait(topics, "press-01", 60, 120.0);
        } finally {
            savepoint = stopWithSavepoint(job, savepoints);
        }
        JobClient restored = ScoringJobs.start(config, "drift and shadow, after", restoreFrom(savepoint));
        try {
            sendAndAwait(topics, "press-01", 60, 120.0);
            ModelDrift hot = await("press-01's drift event, counting the readings from before the savepoint")
                    .atMost(WAIT)
                    .until(() -> driftEvent(config, "press-01"), d -> d != null);
            assertThat(hot.readings())
                    .as("60 before the savepoint and 60 after")
                    .isEqualTo(120);
            assertThat(hot.outOfRangeCrossed()).isTrue();
            ReliabilityReport report =
                    ReliabilityReport.of("control-plane-drift-restore").put("driftEventReadings", hot.readings());

            // Promoted by an active announcement without a baseline of its own: the shadow's comes back with it.
            announce(config.topics().models(), TestModels.inline("k3-shadow", pmmlB));
            await("both tasks promoting the shadow")
                    .atMost(WAIT)
                    .until(() -> statuses(config).stream()
                                    .filter(s -> s.outcome() == ModelStatus.Outcome.ACTIVATED)
                                    .count()
                            >= 2);
            sendAndAwait(topics, "press-02", 120, 55.0); // within model B's training range, out of the narrow one
            ModelDrift narrowed = await("press-02's drift event against the shadow's baseline")
                    .atMost(WAIT)
                    .until(() -> driftEvent(config, "press-02"), d -> d != null);
            assertThat(narrowed.modelVersion()).isEqualTo("k3-shadow");
            assertThat(narrowed.outOfRangeShare()).isEqualTo(1.0);
            assertThat(ScoringJobs.restarts(FLINK, restored.getJobID())).isZero();
            report.put("promotedShadowOutOfRangeShare", narrowed.outOfRangeShare())
                    .put("restarts", 0)
                    .write();
        } finally {
            restored.cancel().get();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Control, status, regime-change and drift topics of their own for {@code scenario}. */
    private static JobConfig controlTopics(JobConfig config, String scenario) {
        return config.withTopics(t -> t.withModels("models-" + scenario)
                .withModelStatus("status-" + scenario)
                .withRegimeChanges("changes-" + scenario)
                .withDrift("drift-" + scenario));
    }

    private void announce(String topic, ModelAnnouncement a) {
        kafka.send(
                topic,
                List.of(new ProducerRecord<>(
                        topic, a.version().getBytes(StandardCharsets.UTF_8), ModelAnnouncementCodec.toJson(a))),
                Map.of("max.request.size", 2 * 1024 * 1024));
    }

    private List<ModelStatus> statuses(JobConfig config) {
        return kafka.readCommitted(config.topics().modelStatus()).stream()
                .map(r -> ModelStatusCodec.fromJson(r.value()))
                .filter(s ->
                        s.outcome() != ModelStatus.Outcome.SHADOW_REPORT && s.outcome() != ModelStatus.Outcome.WARNING)
                .toList();
    }

    private ModelDrift driftEvent(JobConfig config, String machine) {
        return kafka.readCommitted(config.topics().drift()).stream()
                .map(r -> ModelDriftCodec.fromJson(r.value()))
                .filter(d -> machine.equals(d.machineId()))
                .findFirst()
                .orElse(null);
    }

    /** Sends {@code n} current readings of {@code machine} and returns the model versions of their predictions. */
    private List<String> sendAndAwait(Topics topics, String machine, int n, double temperature) {
        long first = System.currentTimeMillis();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Reading r = new Reading(machine, first + i, temperature);
            records.add(new ProducerRecord<>(
                    topics.input(), machine.getBytes(StandardCharsets.UTF_8), ReadingCodec.toJson(r)));
        }
        kafka.send(topics.input(), records);
        return await(n + " predictions of " + machine)
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> kafka.readCommitted(topics.output()).stream()
                                .map(r -> PredictionCodec.fromJson(r.value()))
                                .filter(p -> p.machineId().equals(machine) && p.timestamp() >= first)
                                .map(p -> p.modelVersion())
                                .toList(),
                        versions -> versions.size() >= n);
    }

    private static String stopWithSavepoint(JobClient job, Path savepoints) throws Exception {
        return job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(3, TimeUnit.MINUTES);
    }

    private static Configuration restoreFrom(String savepoint) {
        Configuration settings = new Configuration();
        settings.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        return settings;
    }
}
