package io.regimestream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.ModelStatusCodec;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.ShadowReport;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.testing.ExpectedRegimes;
import io.regimestream.job.testing.ExpectedShadowFigures;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow models end to end: the whole job on a Flink MiniCluster (2 scoring tasks) against a real
 * Kafka broker and a real influxd, exactly-once, outputs read as read_committed. Model A (the
 * committed one, 4 regimes) is active, model B (3 regimes) the shadow: two genuinely different models.
 */
class ShadowModelsIT {

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
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    /** The {@code model_shadow} points of model A shadowed by B, as the dashboard selects them. */
    private static String shadowPair() {
        return " FROM \"model_shadow\" WHERE \"shadow_version\" = '" + VERSION_B + "' AND \"active_version\" = '"
                + VERSION_A + "'";
    }

    @Test
    void theShadowsFiguresOnTheStatusTopicAndInInfluxDbMatchADirectComparisonAndNoPredictionChanges() throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.broker(), "figures");
        String database = "regimes_shadow";
        JobClient job = start(config(topics).withInflux(new InfluxSettings(INFLUX.url(), database, null, null)));
        List<Reading> sent;
        try {
            topics.announce(TestModels.inline(VERSION_B, B).withMode(ModelAnnouncement.Mode.SHADOW));
            await().atMost(WAIT)
                    .until(() -> statuses(topics, ModelStatus.Outcome.SHADOWING).size() == 2);
            sent = topics.readings(4, 21).send(240);
            await().atMost(WAIT).until(() -> predictions(topics.output).size() >= sent.size());
            // Reports every second: wait until they cover every reading.
            await().atMost(WAIT)
                    .until(() -> reports(topics).stream()
                                    .mapToLong(ShadowReport::readings)
                                    .sum()
                            >= sent.size());
            // The job's InfluxDB writer, a task of its own, writes the reports' points from their Kafka topic.
            await().atMost(WAIT)
                    .ignoreExceptions() // until the writer created the database
                    .until(() -> sum(database, "SELECT sum(\"readings\")" + shadowPair()) == sent.size());
        } finally {
            job.cancel().get();
        }

        List<ShadowReport> reports = reports(topics);
        ExpectedShadowFigures expected = ExpectedShadowFigures.direct(A, B, temperatures(sent));
        assertThat(expected.agreements())
                .as("two genuinely different models: some agreement, some not")
                .isBetween(1L, expected.readings() - 1);
        expected.assertMatches(ExpectedShadowFigures.sum(reports));
        assertThat(reports).allSatisfy(r -> {
            assertThat(r.activeVersion()).isEqualTo(VERSION_A);
            assertThat(r.shadowVersion()).isEqualTo(VERSION_B);
            assertThat(r.agreementRate()).isEqualTo((double) r.agreements() / r.readings());
        });
        assertThat(statuses(topics, ModelStatus.Outcome.SHADOW_REPORT))
                .extracting(ModelStatus::task)
                .containsOnly("score-regime 1/2", "score-regime 2/2");

        // The same figures in InfluxDB, as the dashboard's query adds them up over tasks and reports.
        String pair = shadowPair();
        assertThat(sum(database, "SELECT sum(\"agreements\")" + pair)).isEqualTo(expected.agreements());
        assertThat(INFLUX.server()
                        .rows(database, "SELECT sum(\"agreements\") / sum(\"readings\")" + pair)
                        .get(0)
                        .get(1)
                        .asDouble())
                .isCloseTo(expected.agreementRate(), within(1e-12));
        JsonNode confusion =
                INFLUX.server().rows(database, "SELECT sum(*)" + pair).get(0);
        List<String> columns = new ArrayList<>();
        INFLUX.server()
                .query(database, "SELECT sum(*)" + pair)
                .path("results")
                .path(0)
                .path("series")
                .path(0)
                .path("columns")
                .forEach(c -> columns.add(c.asText()));
        for (int a = 0; a < expected.confusion().length; a++) {
            for (int s = 0; s < expected.confusion()[a].length; s++) {
                int column = columns.indexOf("sum_confusion_a" + a + "_s" + s);
                assertThat(column)
                        .as("column of active %s, shadow %s in %s", a, s, columns)
                        .isPositive();
                assertThat(confusion.get(column).asLong())
                        .as("active %s, shadow %s", a, s)
                        .isEqualTo(expected.confusion()[a][s]);
            }
        }

        // Predictions unchanged: the same readings scored by a job without a shadow give exactly the same ones.
        String withoutShadow = topics.output + "-without-shadow";
        KAFKA.broker().createTopic(withoutShadow, 2);
        StreamExecutionEnvironment env = TestFlink.environment();
        JobConfig without = config(topics)
                .withTopics(t -> t.withPredictions(withoutShadow))
                .withKafka(k -> k.withGroupId("it-without-shadow").withTransactionalIdPrefix("it-without-shadow"));
        RegimeScoringPipeline.build(env, without, KafkaPipelineIo.replay(without));
        env.execute("without a shadow");
        List<String> shadowed = comparable(predictions(topics.output));
        assertThat(shadowed)
                .hasSize(sent.size())
                .containsExactlyInAnyOrderElementsOf(comparable(predictions(withoutShadow)));
        assertThat(predictions(topics.output))
                .allSatisfy(p -> assertThat(p.modelVersion()).isEqualTo(VERSION_A));
    }

    @Test
    void promotingTheShadowSwitchesEachTaskBetweenTwoReadingsWithNoneLost() throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.broker(), "promote");
        JobClient job = start(config(topics));
        JobTopics.Readings readings = topics.readings(4, 22);
        List<Reading> sent = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread sender = new Thread(
                () -> {
                    while (sending.get()) {
                        sent.addAll(readings.send(4));
                        pause(40);
                    }
                },
                "reading sender");
        try {
            topics.announce(TestModels.inline(VERSION_B, B).withMode(ModelAnnouncement.Mode.SHADOW));
            await().atMost(WAIT)
                    .until(() -> statuses(topics, ModelStatus.Outcome.SHADOWING).size() == 2);
            sender.start();
            await().atMost(WAIT).until(() -> predictions(topics.output).size() >= 100);
            topics.announce(TestModels.inline(VERSION_B, B)); // the same version and sha256, active: a promotion
            await().atMost(WAIT)
                    .until(() -> statuses(topics, ModelStatus.Outcome.ACTIVATED).size() == 2);
            int promotedAt = predictions(topics.output).size();
            await().atMost(WAIT).until(() -> predictions(topics.output).size() >= promotedAt + 100);
            sending.set(false);
            sender.join();
            await().atMost(WAIT).until(() -> predictions(topics.output).size() >= sent.size());
        } finally {
            sending.set(false);
            job.cancel().get();
        }

        List<Prediction> predictions = predictions(topics.output);
        // None lost, none twice.
        assertThat(predictions).extracting(ShadowModelsIT::reading).containsExactlyInAnyOrderElementsOf(sent);
        // Per machine (one partition, one task, in order): old version up to a point, the new one from there on.
        Map<String, List<Prediction>> byMachine =
                predictions.stream().collect(Collectors.groupingBy(Prediction::machineId));
        assertThat(byMachine).hasSizeGreaterThan(1);
        byMachine.forEach((machine, list) -> {
            List<String> versions = list.stream()
                    .sorted(Comparator.comparingLong(Prediction::timestamp))
                    .map(Prediction::modelVersion)
                    .toList();
            int firstB = versions.indexOf(VERSION_B);
            assertThat(firstB)
                    .as("%s switches once, after scoring with A: %s", machine, versions)
                    .isPositive();
            assertThat(versions.subList(0, firstB)).as(machine).containsOnly(VERSION_A);
            assertThat(versions.subList(firstB, versions.size())).as(machine).containsOnly(VERSION_B);
        });
        ExpectedRegimes regimesA = new ExpectedRegimes(A);
        ExpectedRegimes regimesB = new ExpectedRegimes(B);
        assertThat(predictions)
                .allSatisfy(p -> assertThat(p.regime())
                        .as("regime of %s by %s", p.temperature(), p.modelVersion())
                        .isEqualTo(
                                (p.modelVersion().equals(VERSION_A) ? regimesA : regimesB).regimeOf(p.temperature())));

        List<ModelStatus> activated = statuses(topics, ModelStatus.Outcome.ACTIVATED);
        assertThat(activated)
                .allSatisfy(s -> assertThat(s.detail())
                        .startsWith("promoted the shadow model: scoring with")
                        .contains("was " + VERSION_A));
        // The shadow's figures cover exactly the readings model A scored while B was its shadow, and no more after.
        List<Double> scoredByA = predictions.stream()
                .filter(p -> p.modelVersion().equals(VERSION_A))
                .map(Prediction::temperature)
                .toList();
        ExpectedShadowFigures.direct(A, B, scoredByA).assertMatches(ExpectedShadowFigures.sum(reports(topics)));
    }

    @Test
    void aJobRestoredFromASavepointKeepsShadowingWithoutTheShadowBeingAnnouncedAgain(@TempDir Path savepoints)
            throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.broker(), "restore");
        JobTopics.Readings readings = topics.readings(4, 23);
        JobConfig config = config(topics);
        JobClient job = start(config);
        topics.announce(TestModels.inline(VERSION_B, B).withMode(ModelAnnouncement.Mode.SHADOW));
        await().atMost(WAIT)
                .until(() -> statuses(topics, ModelStatus.Outcome.SHADOWING).size() == 2);
        String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(90, TimeUnit.SECONDS);

        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment env = TestFlink.environment(TestFlink.settings(restore), 2);
        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.of(config));
        JobClient restored = env.executeAsync("shadow models IT, restored");
        List<Reading> sent;
        try {
            sent = readings.send(120);
            await().atMost(WAIT)
                    .until(() -> reports(topics).stream()
                                    .mapToLong(ShadowReport::readings)
                                    .sum()
                            >= sent.size());
        } finally {
            restored.cancel().get();
        }

        assertThat(statuses(topics, ModelStatus.Outcome.SHADOWING))
                .as("B came from the savepoint")
                .hasSize(2);
        ExpectedShadowFigures.direct(A, B, temperatures(sent))
                .assertMatches(ExpectedShadowFigures.sum(reports(topics)));
        assertThat(predictions(topics.output))
                .hasSize(sent.size())
                .allSatisfy(p -> assertThat(p.modelVersion()).isEqualTo(VERSION_A));
    }

    // ---------------------------------------------------------------- helpers

    /** The shared IT configuration, with a report every second. */
    private static JobConfig config(JobTopics topics) {
        return topics.config(A).withModel(m -> m.withShadowReportInterval(Duration.ofSeconds(1)));
    }

    private static JobClient start(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = TestFlink.environment();
        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.of(config));
        return env.executeAsync("shadow models IT");
    }

    private List<Prediction> predictions(String topic) {
        return kafka.readCommitted(topic).stream()
                .map(r -> PredictionCodec.fromJson(r.value()))
                .toList();
    }

    private List<ModelStatus> statuses(JobTopics topics, ModelStatus.Outcome outcome) {
        return kafka.readCommitted(topics.status).stream()
                .map(r -> ModelStatusCodec.fromJson(r.value()))
                .filter(s -> s.outcome() == outcome)
                .toList();
    }

    private List<ShadowReport> reports(JobTopics topics) {
        return statuses(topics, ModelStatus.Outcome.SHADOW_REPORT).stream()
                .map(ModelStatus::shadow)
                .toList();
    }

    private static long sum(String database, String query) {
        List<JsonNode> rows = INFLUX.server().rows(database, query);
        return rows.isEmpty() ? 0 : rows.get(0).get(1).asLong();
    }

    private static List<Double> temperatures(List<Reading> readings) {
        return readings.stream().map(Reading::temperature).toList();
    }

    /** A prediction without its processing time, which differs from run to run. */
    private static List<String> comparable(List<Prediction> predictions) {
        return predictions.stream()
                .map(p -> new String(
                        PredictionCodec.toJson(new Prediction(
                                p.machineId(),
                                p.timestamp(),
                                p.temperature(),
                                p.regime(),
                                p.confidence(),
                                p.probabilities(),
                                p.modelVersion(),
                                0,
                                p.lowConfidence())),
                        StandardCharsets.UTF_8))
                .toList();
    }

    private static Reading reading(Prediction p) {
        return new Reading(p.machineId(), p.timestamp(), p.temperature());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
