package io.regimestream.job.savepoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.codec.ModelStatusCodec;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.codec.RegimeChangeCodec;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RegimeChange;
import io.regimestream.job.KafkaPipelineIo;
import io.regimestream.job.RegimeScoringPipeline;
import io.regimestream.job.TopicSetup;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.EventTimeSkew;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.StartingOffsets;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.job.testing.ExpectedRegimes;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.job.testing.TestFlink;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A savepoint of the job graph, committed under {@code src/test/resources/savepoints/graph-1/},
 * still restores into today's job: the whole job on a Flink MiniCluster (parallelism 2,
 * exactly-once) against a real Kafka broker. A change that breaks savepoint compatibility (the
 * {@code score-readings} uid, the state names {@code applied-models} / {@code regime-tracks}, their
 * serialized forms) fails {@link #theCommittedSavepointRestoresTheAnnouncedModelAndTheRegimeTracks}.
 *
 * <p>The savepoint holds model B (announced on the control topic, while {@code --model} is A), three
 * machines settled in regimes and one with a change pending (see the folder's README.txt). To
 * regenerate it (only when the graph changes on purpose, as a new {@code graph-N} folder):
 * <pre>./mvnw -B -ntp -pl flink-job -am verify -Dtest=none -Dit.test=SavepointCompatibilityIT#regenerateTheCommittedSavepoint \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dsavepoint.regenerate=true</pre>
 */
class SavepointCompatibilityIT {

    static final String GRAPH = "graph-1";
    private static final Path SOURCE_FOLDER = Path.of("src/test/resources/savepoints", GRAPH);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final Path A = TestModels.committed();
    private static final Path B = TestModels.second();
    private static final String VERSION_B = TestModels.versionOf(B);
    private static final long T0 = 1_764_213_600_000L;
    private static final Duration WAIT = Duration.ofMinutes(2);

    /** Same names in the generator and the test: the restored source splits name these topics. */
    private static final String INPUT = "readings-compat";

    private static final String OUTPUT = "regimes-compat";
    private static final String MODELS = "models-compat";
    private static final String STATUS = "model-status-compat";
    private static final String CHANGES = "changes-compat";

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @Test
    @EnabledIfSystemProperty(named = "savepoint.regenerate", matches = "true")
    void regenerateTheCommittedSavepoint(@TempDir Path savepoints) throws Exception {
        Temperatures b = new Temperatures(B);
        JobClient job = start(new Configuration());
        kafka.send(
                MODELS,
                List.of(new ProducerRecord<>(
                        MODELS, bytes(VERSION_B), ModelAnnouncementCodec.toJson(TestModels.inline(VERSION_B, B)))));
        await().atMost(WAIT).until(() -> kafka.readCommitted(STATUS).size() >= 4); // warnings, then ACTIVATED in both

        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // settle: the first reading sets the regime, the others keep it
            readings.add(new Reading("press-01", T0 + i * 1000L, b.of(0)));
            readings.add(new Reading("press-02", T0 + i * 1000L, b.of(1)));
            readings.add(new Reading("press-03", T0 + i * 1000L, b.of(2)));
            readings.add(new Reading("press-04", T0 + i * 1000L, b.of(0)));
        }
        // press-04: two readings of regime 2 out of the three that confirm a change: pending.
        readings.add(new Reading("press-04", T0 + 3000L, b.of(2)));
        readings.add(new Reading("press-04", T0 + 4000L, b.of(2)));
        send(readings);
        await().atMost(WAIT).until(() -> kafka.readCommitted(OUTPUT).size() >= readings.size());
        assertThat(kafka.readCommitted(CHANGES)).as("no change confirmed yet").isEmpty();

        String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
        Path from = Path.of(java.net.URI.create(savepoint));
        Files.createDirectories(SOURCE_FOLDER);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, SOURCE_FOLDER.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void theCommittedSavepointRestoresTheAnnouncedModelAndTheRegimeTracks() throws Exception {
        Temperatures b = new Temperatures(B);
        Configuration restore = new Configuration();
        restore.set(
                StateRecoveryOptions.SAVEPOINT_PATH,
                committedSavepoint().toUri().toString());
        // A fresh broker: the topics are created empty; the restored source offsets are past their
        // ends, so the source falls back to the earliest offset (auto.offset.reset of EARLIEST).
        JobClient job = start(restore);
        try {
            long t = T0 + 3_600_000L;
            List<Reading> readings = List.of(
                    new Reading("press-01", t, b.of(0)), // its regime again: no change
                    new Reading("press-02", t, b.of(2)), // leaves regime 1: three in a row confirm it
                    new Reading("press-02", t + 1000, b.of(2)),
                    new Reading("press-02", t + 2000, b.of(2)),
                    new Reading("press-04", t, b.of(2))); // the third of its pending change
            send(readings);
            awaitWhileRunning(
                    job,
                    "a prediction of each reading",
                    () -> kafka.readCommitted(OUTPUT).size() >= readings.size());
            // Without the restored tracks (e.g. a renamed state) both machines would only settle in: no change.
            awaitWhileRunning(
                    job,
                    "press-02's and press-04's regime changes, which need the restored tracks",
                    () -> kafka.readCommitted(CHANGES).size() >= 2);
            Thread.sleep(2_000); // a spurious change (e.g. press-01's) would show up here

            List<Prediction> predictions = kafka.readCommitted(OUTPUT).stream()
                    .map(r -> PredictionCodec.fromJson(r.value()))
                    .toList();
            assertThat(predictions)
                    .hasSize(readings.size())
                    .allSatisfy(p -> assertThat(p.modelVersion())
                            .as("model from the savepoint, not --model")
                            .isEqualTo(VERSION_B));
            List<RegimeChange> changes = kafka.readCommitted(CHANGES).stream()
                    .map(r -> RegimeChangeCodec.fromJson(r.value()))
                    .toList();
            assertThat(changes)
                    .extracting(c -> c.machineId() + " " + c.fromRegime() + "->" + c.toRegime() + " @" + c.timestamp()
                            + " " + c.readings() + " " + c.modelVersion())
                    .containsExactlyInAnyOrder(
                            "press-02 " + b.regime(1) + "->" + b.regime(2) + " @" + t + " 3 " + VERSION_B,
                            // started before the savepoint: its time is the first of the three, restored with the count
                            "press-04 " + b.regime(0) + "->" + b.regime(2) + " @" + (T0 + 3000L) + " 3 " + VERSION_B);
            assertThat(kafka.readCommitted(STATUS).stream()
                            .map(r -> ModelStatusCodec.fromJson(r.value()))
                            .filter(s -> s.outcome() != ModelStatus.Outcome.WARNING)) // the unsigned job's, at start
                    .as("B came from the savepoint, not from an announcement")
                    .isEmpty();
        } finally {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The savepoint on the test classpath (copied there from src/test/resources). */
    private static Path committedSavepoint() throws Exception {
        URL metadata = SavepointCompatibilityIT.class.getResource("/savepoints/" + GRAPH + "/_metadata");
        assertThat(metadata)
                .as("committed savepoint %s (regenerate with -Dsavepoint.regenerate=true)", GRAPH)
                .isNotNull();
        return Path.of(metadata.toURI()).getParent();
    }

    /**
     * Waits for {@code condition}; if the job ends instead (e.g. Flink refused the savepoint: an
     * operator's state matches no uid), fails at once with the job's own failure as the cause.
     */
    private static void awaitWhileRunning(JobClient job, String what, Callable<Boolean> condition) throws Exception {
        try {
            await(what)
                    .atMost(WAIT)
                    .failFast(
                            "the restored job ended",
                            () -> job.getJobStatus().get().isGloballyTerminalState())
                    .until(condition);
        } catch (TerminalFailureException ended) {
            try {
                job.getJobExecutionResult().get();
            } catch (ExecutionException failed) {
                throw new AssertionError(
                        "the job did not run from savepoint " + GRAPH
                                + ": the graph, a uid, a state name or a serializer no longer fits it",
                        failed);
            }
            throw ended;
        }
    }

    private JobClient start(Configuration flink) throws Exception {
        JobConfig config = JobConfig.defaults(KAFKA.bootstrapServers())
                .withTopics(t -> t.withReadings(INPUT)
                        .withPredictions(OUTPUT)
                        .withDeadLetters("dlq-compat")
                        .withModels(MODELS)
                        .withModelStatus(STATUS)
                        .withRegimeChanges(CHANGES))
                .withKafka(k -> k.withGroupId("compat").withStartingOffsets(StartingOffsets.EARLIEST))
                .withModel(m -> m.withLocation(A.toString()))
                .withInflux(null)
                .withKafka(k -> k.withDelivery(DeliveryMode.EXACTLY_ONCE).withTransactionalIdPrefix("compat"))
                .withValidation(
                        ValidationRules.defaults().withEventTimeSkew(EventTimeSkew.UNLIMITED)); // readings of 2025
        for (String topic : config.topics().all()) {
            KAFKA.broker().createTopic(topic, topic.equals(INPUT) || topic.equals(OUTPUT) ? 2 : 1);
        }
        TopicSetup.ensureTopics(config);
        StreamExecutionEnvironment env = TestFlink.environment(TestFlink.settings(flink), 2);
        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.of(config));
        return env.executeAsync("savepoint compatibility IT");
    }

    private void send(List<Reading> readings) {
        kafka.send(
                INPUT,
                readings.stream()
                        .map(r -> new ProducerRecord<>(INPUT, bytes(r.machineId()), ReadingCodec.toJson(r)))
                        .toList());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A temperature in the middle of each of a model's regimes (by rising temperature), found by
     * scanning with JPMML: the same in the generator and the test without hard-coding the model.
     */
    private static final class Temperatures {
        private final List<Integer> regimes = new ArrayList<>();
        private final List<Double> middles = new ArrayList<>();

        Temperatures(Path model) throws Exception {
            ExpectedRegimes expected = new ExpectedRegimes(model);
            double start = 20;
            int current = expected.regimeOf(start);
            for (double t = 20; t <= 100; t += 0.25) {
                int r = expected.regimeOf(t);
                if (r != current || t + 0.25 > 100) {
                    regimes.add(current);
                    middles.add((start + t) / 2);
                    current = r;
                    start = t;
                }
            }
            if (regimes.size() < 3) {
                throw new IllegalStateException(
                        "model " + model + " has fewer than 3 regimes between 20 and 100 degrees: " + regimes);
            }
        }

        /** Index-th regime by rising temperature (the outer ones are open-ended: their middle is in the scan). */
        int regime(int index) {
            return regimes.get(index);
        }

        double of(int index) {
            return middles.get(index);
        }
    }
}
