package io.regimestream.job.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.codec.ModelDriftCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.records.ModelDrift;
import io.regimestream.common.records.Reading;
import io.regimestream.job.KafkaPipelineIo;
import io.regimestream.job.RegimeScoringPipeline;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.EventTimeSkew;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.StartingOffsets;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.job.testing.TestFlink;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drift monitoring end to end: the whole job on a Flink MiniCluster against a real Kafka broker and
 * a real influxd, with a short window (6 s). Readings drawn from the model's training distribution
 * give {@code model_health} points under the PSI threshold and no {@code model-drift} event; a
 * machine whose temperatures shift out of the training range raises one, in Kafka and InfluxDB,
 * from a window no longer than the configured one. A model announced with its training
 * distribution is measured against it after the swap. The readings are drawn from those the
 * committed model was trained on (the simulator's, as training generates them by default).
 */
class ModelDriftIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .build());

    private static final Duration WINDOW = Duration.ofSeconds(6);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final List<String> MACHINES = List.of("press-01", "press-02", "press-03", "press-04");
    private static final int PER_MACHINE = 300; // above the default --drift-min-readings (200) in one window

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());
    private final double[] training = TestModels.trainingTemperatures(50_000);
    private final SplittableRandom random = new SplittableRandom(5);

    @Test
    void readingsLikeTheTrainingDataStayUnderTheThresholdAShiftedMachineRaisesModelDriftAndANewModelThatFitsClearsIt()
            throws Exception {
        Path model = TestModels.committed(); // its model.json has the training distribution of these readings
        ModelMetadata.TrainingDistribution distribution =
                ModelMetadata.read(model.resolveSibling("model.json")).trainingDistribution();
        assertThat(distribution)
                .as("the committed model.json's trainingDistribution")
                .isNotNull();
        String version = TestModels.versionOf(model);
        String input = "readings-drift";
        String drift = "drift-events";
        String database = "regimes_drift";
        INFLUX.server().createDatabase(database); // the sink creates it too, but the test may query first
        for (String topic :
                List.of(input, "regimes-drift", "dlq-drift", "models-drift", "status-drift", "changes-drift", drift)) {
            KAFKA.broker().createTopic(topic, 1);
        }
        JobConfig config = JobConfig.defaults(KAFKA.bootstrapServers())
                .withTopics(t -> t.withReadings(input)
                        .withPredictions("regimes-drift")
                        .withDeadLetters("dlq-drift")
                        .withModels("models-drift")
                        .withModelStatus("status-drift")
                        .withRegimeChanges("changes-drift")
                        .withDrift(drift))
                .withDrift(new DriftSettings(WINDOW, DriftSettings.DEFAULT_MIN_READINGS, 0.2, 0.05))
                .withKafka(k -> k.withGroupId("it-drift").withStartingOffsets(StartingOffsets.EARLIEST))
                .withModel(m -> m.withLocation(model.toString()))
                .withInflux(new InfluxSettings(INFLUX.url(), database, null, null))
                .withKafka(k -> k.withDelivery(DeliveryMode.AT_LEAST_ONCE))
                .withValidation(ValidationRules.defaults().withEventTimeSkew(EventTimeSkew.UNLIMITED));
        StreamExecutionEnvironment env = TestFlink.environment(TestFlink.settings(), 1);
        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.of(config));
        JobClient job = env.executeAsync("model drift IT");
        try {
            // 1. Every machine's readings drawn from the training distribution itself.
            send(input, MACHINES, 0);
            await().atMost(WAIT)
                    .until(() -> psiByMachine(database, version).keySet().containsAll(MACHINES));
            Map<String, List<Double>> psi = psiByMachine(database, version);
            assertThat(psi.values())
                    .allSatisfy(values ->
                            assertThat(values).allSatisfy(v -> assertThat(v).isLessThan(0.2)));
            List<JsonNode> figures = INFLUX.server()
                    .rows(
                            database,
                            "SELECT \"out_of_range_share\", \"low_confidence_share\", "
                                    + "\"mean_centroid_distance\", \"readings\" FROM \"model_health\" WHERE \"series\" = 'machine'");
            assertThat(figures).allSatisfy(row -> {
                assertThat(row.get(1).asDouble()).isLessThan(0.05);
                assertThat(row.get(2).asDouble()).isBetween(0.0, 1.0);
                assertThat(row.get(3).asDouble()).isBetween(0.0, 3.0); // readings near their regime's centroid
                assertThat(row.get(4).asLong()).isGreaterThanOrEqualTo(DriftSettings.DEFAULT_MIN_READINGS);
            });
            assertThat(INFLUX.server()
                            .rows(
                                    database,
                                    "SELECT \"psi\" FROM \"model_health\" WHERE \"series\" = 'overall' "
                                            + "AND \"task\" = '1/1'"))
                    .isNotEmpty();
            assertThat(events(drift)).isEmpty();

            // 2. press-02 runs 15 degrees hotter than anything in training: one window later, model-drift.
            send(input, List.of("press-02"), 15);
            await().atMost(WAIT).until(() -> !events(drift).isEmpty());
            List<ModelDrift> events = events(drift);
            assertThat(events).extracting(ModelDrift::machineId).containsOnly("press-02", null);
            ModelDrift shifted = events.stream()
                    .filter(e -> "press-02".equals(e.machineId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(shifted.crossed()).contains(ModelDrift.PSI, ModelDrift.OUT_OF_RANGE);
            assertThat(shifted.psi()).isGreaterThan(0.2);
            assertThat(shifted.outOfRangeShare()).isGreaterThan(0.05);
            assertThat(shifted.windowEnd() - shifted.windowStart()).isLessThanOrEqualTo(WINDOW.toMillis());
            assertThat(shifted.modelVersion()).isEqualTo(version);
            assertThat(shifted.task()).isEqualTo("1/1");
            // ... and as an annotation point in InfluxDB, with its text
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(INFLUX.server()
                                    .rows(
                                            database,
                                            "SELECT \"text\" FROM \"model_drift\" WHERE \"machine\" = 'press-02'"))
                            .extracting(row -> row.get(1).asText())
                            .anySatisfy(text -> assertThat(text)
                                    .startsWith("press-02: drift, psi ")
                                    .contains("out of range")));

            // 3. A model announced with its training distribution is measured against it after the swap.
            Path b = TestModels.second();
            DriftBaseline baseline = new DriftBaseline(
                    distribution,
                    ModelMetadata.read(b.resolveSibling("model.json")).regimes(),
                    null);
            var announcement = TestModels.inline("k3-drift", b).withBaseline(baseline);
            kafka.send(
                    "models-drift",
                    List.of(new ProducerRecord<>(
                            "models-drift", bytes("k3-drift"), ModelAnnouncementCodec.toJson(announcement))));
            await().atMost(WAIT)
                    .until(() -> !kafka.readCommitted("status-drift").isEmpty());
            send(input, MACHINES, 0);
            await().atMost(WAIT)
                    .until(() -> psiByMachine(database, "k3-drift").keySet().containsAll(MACHINES));
            assertThat(psiByMachine(database, "k3-drift").values())
                    .allSatisfy(values ->
                            assertThat(values).allSatisfy(v -> assertThat(v).isLessThan(0.2)));

            // 4. press-02 (and the task's overall series) drifted under the first model and fit the new one: the
            // first window measured against it clears the drift, on Kafka only (InfluxDB's model_drift is drift
            // raised).
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(events(drift))
                            .filteredOn(ModelDrift::cleared)
                            .extracting(ModelDrift::machineId, ModelDrift::modelVersion)
                            .containsExactlyInAnyOrder(
                                    org.assertj.core.groups.Tuple.tuple("press-02", "k3-drift"),
                                    org.assertj.core.groups.Tuple.tuple(null, "k3-drift")));
            assertThat(events(drift).get(events(drift).size() - 1).crossed()).isEmpty();
            assertThat(INFLUX.server()
                            .rows(database, "SELECT \"text\" FROM \"model_drift\" WHERE \"machine\" = 'press-02'"))
                    .as("one model_drift point: the drift raised")
                    .hasSize(1);
        } finally {
            job.cancel().get();
        }
    }

    /** {@value #PER_MACHINE} readings per machine, drawn from the training temperatures, plus {@code shift} degrees. */
    private void send(String topic, List<String> machines, double shift) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < PER_MACHINE; i++) {
            for (String machine : machines) {
                double t = training[random.nextInt(training.length)] + shift;
                records.add(new ProducerRecord<>(
                        topic, bytes(machine), ReadingCodec.toJson(new Reading(machine, now + i, t))));
            }
        }
        kafka.send(topic, records);
    }

    /** PSI of every model_health window with figures, per machine, of one model version. */
    private Map<String, List<Double>> psiByMachine(String database, String version) {
        Map<String, List<Double>> psi = new HashMap<>();
        JsonNode result = INFLUX.server()
                .query(
                        database,
                        "SELECT \"psi\" FROM \"model_health\" WHERE \"series\" = 'machine' "
                                + "AND \"model_version\" = '" + version + "' GROUP BY \"machine\"");
        for (JsonNode series : result.path("results").path(0).path("series")) {
            List<Double> values =
                    psi.computeIfAbsent(series.path("tags").path("machine").asText(), m -> new ArrayList<>());
            series.path("values").forEach(row -> values.add(row.get(1).asDouble()));
        }
        return psi;
    }

    private List<ModelDrift> events(String topic) {
        return kafka.readCommitted(topic).stream()
                .map(r -> ModelDriftCodec.fromJson(r.value()))
                .toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
