package io.regimestream.training.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.codec.ModelDriftCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelDrift;
import io.regimestream.common.records.Reading;
import io.regimestream.common.signing.AnnouncementSignature;
import io.regimestream.common.signing.SigningKeys;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.training.TrainingException;
import io.regimestream.training.TrainingSettings;
import io.regimestream.training.data.Dataset;
import io.regimestream.training.publish.ModelPublisher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrainer against a real Kafka broker, training with Spark in local mode: drift events made
 * by hand (the whole loop with the job is the demo module's {@code ModelLifecycleIT}), readings of
 * the regime simulator.
 */
class RetrainerIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final Path COMMITTED =
            Path.of("..", PipelineDefaults.MODEL_DIRECTORY).toAbsolutePath().normalize();
    static final Duration TRAINING = Duration.ofMinutes(6); // Spark local on a busy 2-core machine

    @TempDir
    Path tmp;

    String readings;
    String drift;
    String models;
    String committedVersion;
    KeyPair keys;
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final List<Thread> running = new ArrayList<>();
    final AtomicBoolean keepGoing = new AtomicBoolean(true);

    @BeforeEach
    void topicsAndKeys(TestInfo test) throws Exception {
        String name = test.getTestMethod().orElseThrow().getName().substring(0, 12);
        readings = "readings-" + name;
        drift = "drift-" + name;
        models = "models-" + name;
        KAFKA.broker().createTopic(readings, 2);
        KAFKA.broker().createTopic(drift, 1);
        KAFKA.broker().createTopic(models, 1);
        committedVersion = ModelMetadata.read(COMMITTED.resolve(PipelineDefaults.METADATA_FILE))
                .version();
        keys = SigningKeys.generate(tmp.resolve("keys"));
    }

    @AfterEach
    void stop() throws Exception {
        keepGoing.set(false);
        for (Thread t : running) {
            t.join(Duration.ofMinutes(1).toMillis());
        }
    }

    @Test
    void aPersistentDriftIsRetrainedForOnceSignedAndARestartDoesNotRetrainAgain() throws Exception {
        send(readings, simulated(1_500, 51.0)); // press-01 reads 51 °C warmer, as the producer's --drift-after
        long now = System.currentTimeMillis();
        send(
                drift,
                List.of(
                        DriftEpisodesTest.raised("press-02", committedVersion, now - 20_000),
                        DriftEpisodesTest.cleared(
                                "press-02", committedVersion, now - 19_000), // flapped: never persisted
                        DriftEpisodesTest.raised("press-01", committedVersion, now - 1_000)));

        Path work = tmp.resolve("work");
        follow(retrainer(work, Duration.ofSeconds(3), 500));
        await().atMost(TRAINING).until(() -> !announcements().isEmpty());

        ModelAnnouncement announced = announcements().get(0);
        assertThat(AnnouncementSignature.verifies(announced, keys.getPublic()))
                .as("signed with --signing-key")
                .isTrue();
        assertThat(announced.isShadow()).isTrue();
        assertThat(announced.version()).isNotEqualTo(committedVersion);
        assertThat(announced.baseline().distribution().max())
                .as("trained on the window, press-01's drifted readings included")
                .isGreaterThan(100.0);
        Path candidate = onlyCandidate(work);
        assertThat(ModelMetadata.read(candidate.resolve("model.json")).version())
                .isEqualTo(announced.version());
        assertThat(Files.readAllLines(candidate.resolve("window.jsonl"))).hasSize(1_500);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(RetrainState.load(work, drift).episodes())
                        .singleElement()
                        .satisfies(e -> {
                            assertThat(e.series()).isEqualTo("press-01");
                            assertThat(e.handledBy()).isEqualTo("shadow " + announced.version() + " announced");
                        }));
        assertThat(printed())
                .contains("drift cleared: press-02 under model " + committedVersion)
                .contains("before it persisted: not retrained for")
                .contains("window: 1500 readings of 3 machines");

        stopFollowing();
        follow(retrainer(work, Duration.ofSeconds(3), 500));
        Thread.sleep(8_000); // persistence over twice: a retrainer that forgot would be training by now
        assertThat(printed()).contains("1 drift episode(s) open: press-01");
        assertThat(announcements())
                .as("restarted, it does not retrain again for the same drift")
                .hasSize(1);
        assertThat(RetrainState.load(work, drift).inFlight()).isNull();

        // A drift raised under the candidate (as the job would raise it after promoting it) is a new one.
        send(drift, List.of(DriftEpisodesTest.raised("press-01", announced.version(), System.currentTimeMillis())));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(printed()).contains("drift raised: press-01 under model " + announced.version()));
    }

    @Test
    void aCandidateWithTheRegimesOfTheModelThatDriftedIsNotAnnounced() throws Exception {
        send(readings, simulated(3_000, 0)); // readings like the committed model's training data
        send(drift, List.of(DriftEpisodesTest.raised("overall/1/1", committedVersion, System.currentTimeMillis())));

        Path work = tmp.resolve("work");
        // k fixed: what is under test is the comparison with the model that drifted, not the knee,
        // which on 2..6 may land on 3 or 4 as KMeans' start varies with the order the readings arrive in.
        follow(retrainer(work, Duration.ofSeconds(1), 500, 4));
        await().atMost(TRAINING)
                .until(() -> !RetrainState.load(work, drift).recent().isEmpty());

        RetrainAttempt attempt = RetrainState.load(work, drift).recent().get(0);
        assertThat(attempt.outcome())
                .startsWith("not announced: model k4-")
                .contains("has the same 4 regimes (centroids within ")
                .contains("as the model that drifted");
        assertThat(attempt.candidate()).isNull();
        assertThat(announcements()).isEmpty();
        assertThat(RetrainState.load(work, drift).episodes())
                .singleElement()
                .satisfies(e -> assertThat(e.handledBy()).startsWith("not announced"));
    }

    @Test
    void aRetrainCutShortIsTriedAgainAfterARestartAndAWindowTooSmallWaitsForMore() throws Exception {
        send(readings, simulated(50, 51.0));
        long raised = System.currentTimeMillis() - 60_000;
        send(drift, List.of(DriftEpisodesTest.raised("press-01", committedVersion, raised)));
        Path work = Files.createDirectories(tmp.resolve("work"));
        // As a retrainer stopped while it trained leaves its state: the event read, the retrain under way.
        DriftEpisode open = new DriftEpisode("press-01", committedVersion, raised, null);
        RetrainState.fresh(drift)
                .with(Map.of(0, 1L), List.of(open), RetrainAttempt.started(raised + 1_000, List.of(open)))
                .save(work);

        Retrainer retrainer = retrainer(work, Duration.ofSeconds(1), 100);
        assertThatThrownBy(() -> retrainer(work, Duration.ofSeconds(1), 100))
                .isInstanceOf(TrainingException.class)
                .hasMessageContaining("another retrainer works in " + work);
        follow(retrainer);
        await().atMost(Duration.ofMinutes(1))
                .until(() -> RetrainState.load(work, drift).recent().size() == 2);

        List<RetrainAttempt> recent = RetrainState.load(work, drift).recent();
        assertThat(recent.get(0).outcome()).isEqualTo("cut short: restarted");
        assertThat(recent.get(1).outcome())
                .startsWith("not trained: the window holds 50 readings of 3 machines")
                .contains("fewer than --min-readings 100")
                .contains("tried again at");
        assertThat(RetrainState.load(work, drift).episodes())
                .as("still unanswered, so tried again once more readings came")
                .singleElement()
                .satisfies(e -> assertThat(e.handled()).isFalse());
        assertThat(printed()).contains("was cut short before it announced anything");
        assertThat(announcements()).isEmpty();
        assertThat(work.resolve("models")).doesNotExist();

        stopFollowing();
        assertThatThrownBy(() -> new Retrainer(
                        settings(tmp.resolve("other"), "no-such-drift-topic", Duration.ofSeconds(1), 100),
                        client(),
                        signer(),
                        (input, out) -> learning(input, out, null),
                        new PrintStream(printed, true, StandardCharsets.UTF_8),
                        System::currentTimeMillis))
                .isInstanceOf(TrainingException.class)
                .hasMessageContaining("the topic no-such-drift-topic does not exist");
    }

    // ------------------------------------------------------------------ helpers

    private Retrainer retrainer(Path work, Duration persistence, int minReadings) throws TrainingException {
        return retrainer(work, persistence, minReadings, null);
    }

    private Retrainer retrainer(Path work, Duration persistence, int minReadings, Integer k) throws TrainingException {
        return new Retrainer(
                settings(work, drift, persistence, minReadings),
                client(),
                signer(),
                (input, out) -> learning(input, out, k),
                new PrintStream(printed, true, StandardCharsets.UTF_8),
                System::currentTimeMillis);
    }

    private RetrainSettings settings(Path work, String driftTopic, Duration persistence, int minReadings) {
        return new RetrainSettings(
                readings,
                driftTopic,
                models,
                persistence,
                Duration.ofMinutes(10),
                5_000,
                minReadings,
                -50,
                150,
                Duration.ofHours(1),
                work,
                List.of(COMMITTED));
    }

    /** Small and quick: k = 2..6 on all of the window (or {@code k}), 50 MLP iterations. */
    private static TrainingSettings learning(Path input, Path out, Integer k) {
        return new TrainingSettings(
                input, 0, Dataset.regimes, 7, 1, 2, 6, 1.0, k, new int[] {6, 8}, 50, 0.4, out, null, false);
    }

    private ModelPublisher.Signer signer() {
        return new ModelPublisher.Signer(keys.getPrivate(), SigningKeys.keyId(keys.getPublic()));
    }

    private void follow(Retrainer retrainer) {
        keepGoing.set(true);
        Thread t = new Thread(
                () -> {
                    try (retrainer) {
                        retrainer.follow(keepGoing::get);
                    } catch (TrainingException e) {
                        throw new IllegalStateException(e);
                    }
                },
                "retrainer-under-test");
        running.add(t);
        t.start();
    }

    private void stopFollowing() throws InterruptedException {
        keepGoing.set(false);
        for (Thread t : running) {
            t.join(Duration.ofMinutes(1).toMillis());
            assertThat(t.isAlive()).isFalse();
        }
        running.clear();
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static List<Reading> simulated(int count, double press01Shift) {
        RegimeSimulator simulator =
                RegimeSimulator.builder().seed(11).machines(3).build();
        simulator.shift(0, press01Shift);
        List<Reading> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(simulator.next().reading());
        }
        return list;
    }

    private static Path onlyCandidate(Path work) throws Exception {
        try (var folders = Files.list(work.resolve("models"))) {
            List<Path> all = folders.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private Properties client() {
        Properties p = new Properties();
        p.putAll(KAFKA.broker().clientProperties());
        return p;
    }

    private void send(String topic, List<?> records) {
        Properties p = client();
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (Object r : records) {
                if (r instanceof Reading reading) {
                    producer.send(new ProducerRecord<>(
                            topic, reading.machineId().getBytes(StandardCharsets.UTF_8), ReadingCodec.toJson(reading)));
                } else {
                    ModelDrift d = (ModelDrift) r;
                    producer.send(new ProducerRecord<>(
                            topic, d.seriesKey().getBytes(StandardCharsets.UTF_8), ModelDriftCodec.toJson(d)));
                }
            }
            producer.flush();
        }
    }

    private List<ModelAnnouncement> announcements() {
        Properties p = client();
        p.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        p.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        List<ModelAnnouncement> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            TopicPartition partition = new TopicPartition(models, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    all.add(ModelAnnouncementCodec.fromJson(r.value()));
                }
            }
        }
        return all;
    }
}
