package io.regimestream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.ModelStatusCodec;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.codec.RegimeChangeCodec;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RegimeChange;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.testing.ExpectedRegimes;
import io.regimestream.job.testing.JobTopics;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.job.testing.TestFlink;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live model updates and regime-change events: the whole job on a Flink MiniCluster (2 scoring
 * tasks) against a real Kafka broker (and influxd for the regime-change points), exactly-once,
 * outputs read as read_committed.
 */
class ModelUpdatesIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final Path A = TestModels.committed();
    private static final Path B = TestModels.second();
    private static final String VERSION_A = TestModels.versionOf(A);
    private static final String VERSION_B = TestModels.versionOf(B);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @Test
    void swapsTheModelMidStreamAndKeepsScoringWithItThroughRejectedModels() throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.broker(), "swap");
        JobTopics.Readings readings = topics.readings(3, 11);
        JobClient job = start(config(topics), new Configuration());
        try {
            List<Reading> beforeSwap = readings.send(60);
            awaitPredictions(topics, 60);

            announce(topics, TestModels.inline(VERSION_B, B));
            awaitStatuses(topics, 2);
            List<Reading> afterSwap = readings.send(60);
            awaitPredictions(topics, 120);

            announce(topics, TestModels.inline("corrupt", "<PMML>truncated".getBytes(StandardCharsets.UTF_8)));
            announce(topics, TestModels.inline("pressure-input", TestModels.wrongInputField()));
            awaitStatuses(topics, 6);
            List<Reading> afterRejects = readings.send(60);
            awaitPredictions(topics, 180);

            List<Prediction> predictions = predictions(topics);
            // Each reading exactly once (no reading scored twice or skipped), with the model active when it came.
            assertThat(predictions)
                    .extracting(ModelUpdatesIT::reading)
                    .containsExactlyInAnyOrderElementsOf(concat(beforeSwap, afterSwap, afterRejects));
            assertScoredBy(predictions, beforeSwap, VERSION_A, A);
            assertScoredBy(predictions, afterSwap, VERSION_B, B);
            assertScoredBy(predictions, afterRejects, VERSION_B, B);

            List<ModelStatus> statuses = statuses(topics);
            assertThat(statuses)
                    .extracting(s -> s.version() + " " + s.outcome() + " " + s.task())
                    .containsExactlyInAnyOrder(
                            VERSION_B + " ACTIVATED score-regime 1/2",
                            VERSION_B + " ACTIVATED score-regime 2/2",
                            "corrupt REJECTED score-regime 1/2",
                            "corrupt REJECTED score-regime 2/2",
                            "pressure-input REJECTED score-regime 1/2",
                            "pressure-input REJECTED score-regime 2/2");
            assertThat(statuses)
                    .filteredOn(s -> s.version().equals("corrupt"))
                    .allSatisfy(s -> assertThat(s.detail())
                            .contains("is not a valid PMML document", "still scoring with " + VERSION_B));
            assertThat(statuses)
                    .filteredOn(s -> s.version().equals("pressure-input"))
                    .allSatisfy(s -> assertThat(s.detail())
                            .contains("has input fields [pressure], but the job can feed only [temperature]"));
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aJobRestoredFromASavepointScoresWithTheModelItHadSwappedTo(@TempDir Path savepoints) throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.broker(), "restore");
        JobTopics.Readings readings = topics.readings(3, 12);
        JobConfig config = config(topics); // --model is A, before and after the restart
        JobClient job = start(config, new Configuration());
        announce(topics, TestModels.inline(VERSION_B, B));
        awaitStatuses(topics, 2);
        List<Reading> beforeRestart = readings.send(30);
        awaitPredictions(topics, 30);
        String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);

        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        JobClient restored = start(config, restore);
        try {
            List<Reading> afterRestart = readings.send(30);
            awaitPredictions(topics, 60);

            List<Prediction> predictions = predictions(topics);
            assertThat(predictions)
                    .extracting(ModelUpdatesIT::reading)
                    .containsExactlyInAnyOrderElementsOf(concat(beforeRestart, afterRestart));
            assertScoredBy(predictions, beforeRestart, VERSION_B, B);
            assertScoredBy(predictions, afterRestart, VERSION_B, B);
            assertThat(statuses(topics)).hasSize(2); // B came from the savepoint, not from announcing it again
        } finally {
            restored.cancel().get();
        }
    }

    @Test
    void aScriptedTemperatureSequenceGivesExactlyTheDebouncedRegimeChangesInKafkaAndInfluxDb() throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.broker(), "changes");
        ExpectedRegimes regimes = new ExpectedRegimes(A);
        assertThat(List.of(regimes.regimeOf(40), regimes.regimeOf(57), regimes.regimeOf(66)))
                .containsExactly(0, 2, 3);
        // press-07, one reading a second; debounce 3: blips of one or two readings are not changes.
        double[] script = {40, 40, 40, 57, 40, 40, 57, 57, 57, 57, 66, 40, 66, 66, 66, 66, 57, 57};
        long t0 = 1_764_213_600_000L;
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < script.length; i++) {
            records.add(new ProducerRecord<>(
                    topics.input,
                    bytes("press-07"),
                    ReadingCodec.toJson(new Reading("press-07", t0 + i * 1000L, script[i]))));
        }
        kafka.send(topics.input, records);
        String database = "regimes_changes";

        StreamExecutionEnvironment env = TestFlink.environment();
        JobConfig config = config(topics)
                .withScoring(s -> s.withRegimeChangeReadings(3))
                .withInflux(new InfluxSettings(INFLUX.url(), database, null, null));
        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.replay(config));
        env.execute("regime changes IT");

        List<RegimeChange> changes = kafka.readCommitted(topics.changes).stream()
                .map(r -> RegimeChangeCodec.fromJson(r.value()))
                .toList();
        assertThat(changes)
                .extracting(c -> c.machineId() + " " + c.fromRegime() + "->" + c.toRegime() + " @"
                        + (c.timestamp() - t0) + " " + c.readings() + " " + c.modelVersion())
                .containsExactly("press-07 0->2 @6000 3 " + VERSION_A, "press-07 2->3 @12000 3 " + VERSION_A);
        assertThat(changes).allSatisfy(c -> assertThat(c.confidence()).isBetween(0.5, 1.0));

        // The dashboard's annotation query, with $timeFilter expanded, finds them with their text.
        String annotations = "SELECT \"text\", \"from_regime\", \"to_regime\" FROM \"regime_change\" WHERE "
                + "time >= " + t0 + "ms AND time <= " + (t0 + 60_000) + "ms GROUP BY \"machine\"";
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(INFLUX.server().rows(database, annotations))
                        .extracting(row -> row.get(1).asText())
                        .containsExactly("press-07: regime 0 \u2192 2", "press-07: regime 2 \u2192 3"));
        List<JsonNode> points = INFLUX.server().rows(database, "SELECT count(\"temperature\") FROM machine_regime");
        assertThat(points.get(0).get(1).asLong()).isEqualTo(script.length);
    }

    // ---------------------------------------------------------------- helpers

    private static JobClient start(JobConfig config, Configuration flink) throws Exception {
        StreamExecutionEnvironment env = TestFlink.environment(TestFlink.settings(flink), 2);
        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.of(config));
        return env.executeAsync("model updates IT");
    }

    private JobConfig config(JobTopics topics) {
        return topics.config(A);
    }

    private void announce(JobTopics topics, ModelAnnouncement announcement) {
        topics.announce(announcement);
    }

    private void awaitPredictions(JobTopics topics, int count) {
        await().atMost(WAIT).until(() -> kafka.readCommitted(topics.output).size() >= count);
    }

    private void awaitStatuses(JobTopics topics, int count) {
        await().atMost(WAIT).until(() -> kafka.readCommitted(topics.status).size() >= count);
    }

    private List<Prediction> predictions(JobTopics topics) {
        return kafka.readCommitted(topics.output).stream()
                .map(r -> PredictionCodec.fromJson(r.value()))
                .toList();
    }

    /** The decisions on announcements (not the warning each task of this unsigned job gives at start). */
    private List<ModelStatus> statuses(JobTopics topics) {
        return kafka.readCommitted(topics.status).stream()
                .map(r -> ModelStatusCodec.fromJson(r.value()))
                .filter(s -> s.outcome() != ModelStatus.Outcome.WARNING)
                .toList();
    }

    private static void assertScoredBy(List<Prediction> predictions, List<Reading> readings, String version, Path model)
            throws Exception {
        ExpectedRegimes regimes = new ExpectedRegimes(model);
        assertThat(predictions)
                .filteredOn(p -> readings.contains(reading(p)))
                .hasSize(readings.size())
                .allSatisfy(p -> {
                    assertThat(p.modelVersion()).isEqualTo(version);
                    assertThat(p.regime())
                            .as("regime of %s", p.temperature())
                            .isEqualTo(regimes.regimeOf(p.temperature()));
                });
    }

    private static Reading reading(Prediction p) {
        return new Reading(p.machineId(), p.timestamp(), p.temperature());
    }

    @SafeVarargs
    private static List<Reading> concat(List<Reading>... lists) {
        List<Reading> all = new ArrayList<>();
        for (List<Reading> l : lists) {
            all.addAll(l);
        }
        return all;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
