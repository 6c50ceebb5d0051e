package io.regimestream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.ModelStatusCodec;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.records.CanaryFigures;
import io.regimestream.common.records.CanaryPlan;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.job.canary.CanarySplit;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.testing.JobTopics;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.job.testing.TestFlink;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
 * Canaries end to end: the whole job on a Flink MiniCluster (2 scoring tasks) against a real Kafka
 * broker (and a real influxd for the first), exactly-once, outputs read as read_committed. The active
 * model is the committed one (A); the candidates are A with its regimes moved: 0.1 °C (as good as A)
 * or 4 °C (a fifth of the readings outside its training range). 24 simulated machines, one reading
 * each in turn; a quarter of them are the canary's.
 */
class CanaryModelsIT {

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
    private static final String VERSION_A = TestModels.versionOf(A);
    private static final int MACHINES = 24;
    private static final double SHARE = 0.25;
    private static final Set<String> CANARY_MACHINES = IntStream.range(0, MACHINES)
            .mapToObj(i -> RegimeSimulator.machineId(i, MACHINES))
            .filter(id -> CanarySplit.scores(id, SHARE))
            .collect(Collectors.toSet());
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @org.junit.jupiter.api.BeforeAll
    static void aQuarterIsAShareOfTheFleetWithFewerMachinesThanTheRest() {
        assertThat(CANARY_MACHINES).hasSizeBetween(2, MACHINES / 2);
    }

    @Test
    void aHealthyCandidateScoresItsShareOfMachinesAndIsPromotedOnItsOwnWithNoPredictionLost() throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.broker(), "promote");
        String database = "regimes_canary";
        JobClient job = start(config(topics).withInflux(new InfluxSettings(INFLUX.url(), database, null, null)));
        String candidate = "k4-moved-0.1";
        List<Reading> sent;
        try {
            topics.announce(canary(candidate, 0.1, new CanaryPlan(SHARE, 4_000, 40, 0.05, 1.0)));
            await().atMost(WAIT)
                    .until(() -> statuses(topics, ModelStatus.Outcome.CANARY).size() == 2);
            sent = streamUntil(
                    topics,
                    31,
                    () -> statuses(topics, ModelStatus.Outcome.PROMOTED).size() == 2);
            await().atMost(WAIT).until(() -> predictions(topics).size() >= sent.size());
        } finally {
            job.cancel().get();
        }

        List<Prediction> predictions = predictions(topics);
        assertThat(predictions).extracting(CanaryModelsIT::reading).containsExactlyInAnyOrderElementsOf(sent);
        // The share: the candidate's canary predictions are exactly those of the canary's machines.
        assertThat(machines(predictions.stream().filter(Prediction::canary))).isEqualTo(CANARY_MACHINES);
        assertThat(predictions)
                .filteredOn(Prediction::canary)
                .allSatisfy(p -> assertThat(p.modelVersion()).isEqualTo(candidate));
        // Per machine (one partition, one task, in order): the canary's machines by the candidate as a canary,
        // the others by A; then, promoted, all by the candidate.
        byMachine(predictions)
                .forEach((machine, versions) -> assertThat(distinctInOrder(versions))
                        .as(machine)
                        .isEqualTo(
                                CANARY_MACHINES.contains(machine)
                                        ? List.of(candidate + " canary", candidate)
                                        : List.of(VERSION_A, candidate)));

        List<ModelStatus> promoted = statuses(topics, ModelStatus.Outcome.PROMOTED);
        assertThat(promoted)
                .extracting(ModelStatus::task)
                .containsExactlyInAnyOrder("score-regime 1/2", "score-regime 2/2");
        assertThat(promoted.get(0).canary())
                .as("both tasks decided on the same figures")
                .isEqualTo(promoted.get(1).canary());
        CanaryFigures figures = promoted.get(0).canary();
        assertThat(figures.candidateVersion()).isEqualTo(candidate);
        assertThat(figures.activeVersion()).isEqualTo(VERSION_A);
        assertThat(figures.toMillis() - figures.fromMillis()).isGreaterThanOrEqualTo(4_000);
        assertThat(figures.candidate().readings()).isGreaterThanOrEqualTo(40);
        assertThat(figures.candidate().readings())
                .as("counted readings were scored by the candidate")
                .isLessThanOrEqualTo(
                        predictions.stream().filter(Prediction::canary).count());
        assertThat(promoted.get(0).detail()).startsWith("promoted the canary on its own, its health held for");

        // InfluxDB: the reports' counts, and a decision point per task.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sum(
                                database,
                                "SELECT count(\"text\") FROM \"model_canary_decision\" WHERE "
                                        + "\"decision\" = 'promoted'")
                        == 2);
        assertThat(sum(
                        database,
                        "SELECT sum(\"canary_readings\") FROM \"model_canary\" WHERE \"canary_version\" = '" + candidate
                                + "'"))
                .isGreaterThanOrEqualTo(figures.candidate().readings());
    }

    @Test
    void aCandidateWorseThanTheActiveModelIsRolledBackOnItsOwnWithNoPredictionLost() throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.broker(), "rollback");
        JobClient job = start(config(topics));
        String candidate = "k4-moved-4";
        List<Reading> sent;
        try {
            topics.announce(canary(candidate, 4, new CanaryPlan(SHARE, 600_000, 40, 0.05, 1.0)));
            await().atMost(WAIT)
                    .until(() -> statuses(topics, ModelStatus.Outcome.CANARY).size() == 2);
            sent = streamUntil(
                    topics,
                    32,
                    () -> statuses(topics, ModelStatus.Outcome.ROLLED_BACK).size() == 2);
            await().atMost(WAIT).until(() -> predictions(topics).size() >= sent.size());
        } finally {
            job.cancel().get();
        }

        List<Prediction> predictions = predictions(topics);
        assertThat(predictions).extracting(CanaryModelsIT::reading).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(machines(predictions.stream().filter(Prediction::canary))).isEqualTo(CANARY_MACHINES);
        // Per machine: the canary's machines went back to A; the others never left it.
        byMachine(predictions)
                .forEach((machine, versions) -> assertThat(distinctInOrder(versions))
                        .as(machine)
                        .isEqualTo(
                                CANARY_MACHINES.contains(machine)
                                        ? List.of(candidate + " canary", VERSION_A)
                                        : List.of(VERSION_A)));

        List<ModelStatus> rolledBack = statuses(topics, ModelStatus.Outcome.ROLLED_BACK);
        assertThat(rolledBack).hasSize(2);
        assertThat(rolledBack.get(0).canary()).isEqualTo(rolledBack.get(1).canary());
        CanaryFigures figures = rolledBack.get(0).canary();
        assertThat(figures.candidate().outOfRangeShare())
                .as("the candidate's machines against its training range")
                .isGreaterThan(figures.active().outOfRangeShare() + 0.05);
        assertThat(figures.candidate().psi()).isGreaterThan(figures.active().psi() + 1.0);
        assertThat(rolledBack.get(0).detail())
                .startsWith("rolled the canary back on its own, worse than the active model: its out-of-range share")
                .contains("still scoring with " + VERSION_A);
        assertThat(statuses(topics, ModelStatus.Outcome.PROMOTED)).isEmpty();
    }

    @Test
    void aCanaryRestoredFromASavepointGoesOnAndIsJudgedOnWhatItCountedBeforeToo(@TempDir Path savepoints)
            throws Exception {
        JobTopics topics = JobTopics.create(KAFKA.broker(), "restore");
        JobTopics.Readings readings = topics.readings(MACHINES, 33);
        JobConfig config = config(topics);
        String candidate = "k4-moved-0.1";
        // Five rounds of the fleet before the savepoint and five after: enough readings a side only together.
        int rounds = 5;
        long canaryReadings = 2L * rounds * CANARY_MACHINES.size();
        JobClient job = start(config);
        topics.announce(canary(candidate, 0.1, new CanaryPlan(SHARE, 1_000, canaryReadings, 0.05, 1.0)));
        await().atMost(WAIT)
                .until(() -> statuses(topics, ModelStatus.Outcome.CANARY).size() == 2);
        List<Reading> sent = new ArrayList<>(readings.send(rounds * MACHINES));
        await().atMost(WAIT).until(() -> predictions(topics).size() == sent.size());
        String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(90, TimeUnit.SECONDS);
        assertThat(statuses(topics, ModelStatus.Outcome.PROMOTED))
                .as("too few readings so far")
                .isEmpty();

        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment env = TestFlink.environment(TestFlink.settings(restore), 2);
        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.of(config));
        JobClient restored = env.executeAsync("canary models IT, restored");
        try {
            sent.addAll(readings.send(rounds * MACHINES));
            await().atMost(WAIT)
                    .until(() -> statuses(topics, ModelStatus.Outcome.PROMOTED).size() == 2);
            await().atMost(WAIT).until(() -> predictions(topics).size() == sent.size());
        } finally {
            restored.cancel().get();
        }

        assertThat(statuses(topics, ModelStatus.Outcome.CANARY))
                .as("not announced again")
                .hasSize(2);
        List<Prediction> predictions = predictions(topics);
        assertThat(predictions).extracting(CanaryModelsIT::reading).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(predictions.stream().filter(Prediction::canary).count())
                .as("the canary's machines scored by the candidate before and after the savepoint")
                .isEqualTo(canaryReadings);
        CanaryFigures figures =
                statuses(topics, ModelStatus.Outcome.PROMOTED).get(0).canary();
        assertThat(figures.candidate().readings())
                .as("what was counted before the savepoint and after, each once")
                .isEqualTo(canaryReadings);
    }

    // ---------------------------------------------------------------- helpers

    /** The shared configuration: canary reports every 500 ms. */
    private static JobConfig config(JobTopics topics) {
        return topics.config(A).withModel(m -> m.withCanaryReportInterval(Duration.ofMillis(500)));
    }

    /** A canary of the committed model with its regimes {@code degrees} hotter, its baseline moved alike. */
    private static ModelAnnouncement canary(String version, double degrees, CanaryPlan plan) {
        return TestModels.inline(version, TestModels.shifted(degrees))
                .withBaseline(TestModels.shiftedBaseline(degrees))
                .asCanary(plan);
    }

    private static JobClient start(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = TestFlink.environment();
        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.of(config));
        return env.executeAsync("canary models IT");
    }

    /** Sends rounds of the fleet's readings until {@code done}, then a few more rounds; what was sent. */
    private static List<Reading> streamUntil(JobTopics topics, long seed, java.util.concurrent.Callable<Boolean> done)
            throws Exception {
        JobTopics.Readings readings = topics.readings(MACHINES, seed);
        List<Reading> sent = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread sender = new Thread(
                () -> {
                    while (sending.get()) {
                        sent.addAll(readings.send(MACHINES));
                        pause(100);
                    }
                },
                "reading sender");
        sender.start();
        try {
            await().atMost(WAIT).until(done);
            long after = sent.size() + 3L * MACHINES;
            await().atMost(WAIT).until(() -> sent.size() >= after);
        } finally {
            sending.set(false);
            sender.join();
        }
        return new ArrayList<>(sent);
    }

    private List<Prediction> predictions(JobTopics topics) {
        return kafka.readCommitted(topics.output).stream()
                .map(r -> PredictionCodec.fromJson(r.value()))
                .toList();
    }

    private List<ModelStatus> statuses(JobTopics topics, ModelStatus.Outcome outcome) {
        return kafka.readCommitted(topics.status).stream()
                .map(r -> ModelStatusCodec.fromJson(r.value()))
                .filter(s -> s.outcome() == outcome)
                .toList();
    }

    /** Per machine, the model of each prediction in event-time order ({@code <version> canary} for a canary's). */
    private static Map<String, List<String>> byMachine(List<Prediction> predictions) {
        return predictions.stream()
                .sorted(Comparator.comparingLong(Prediction::timestamp))
                .collect(Collectors.groupingBy(
                        Prediction::machineId,
                        Collectors.mapping(
                                p -> p.modelVersion() + (p.canary() ? " canary" : ""), Collectors.toList())));
    }

    private static List<String> distinctInOrder(List<String> versions) {
        List<String> runs = new ArrayList<>();
        for (String v : versions) {
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(v)) {
                runs.add(v);
            }
        }
        return runs;
    }

    private static Set<String> machines(java.util.stream.Stream<Prediction> predictions) {
        return predictions.map(Prediction::machineId).collect(Collectors.toSet());
    }

    private static long sum(String database, String query) {
        List<JsonNode> rows = INFLUX.server().rows(database, query);
        return rows.isEmpty() ? 0 : rows.get(0).get(1).asLong();
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
