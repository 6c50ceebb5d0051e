package io.regimestream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.regimestream.common.codec.DeadLetterCodec;
import io.regimestream.common.codec.Json;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.RejectReason;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.common.simulation.SimulatedReading;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.EventTimeSkew;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.StartingOffsets;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.job.testing.ExpectedRegimes;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.job.testing.KafkaTopics.Sent;
import io.regimestream.job.testing.TestFlink;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.ModelException;
import io.regimestream.model.testing.TestModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole job on a Flink MiniCluster against a real Kafka broker and a real influxd. */
class RegimeScoringPipelineIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final int PARTITIONS = 2;

    /** The bad records and the reason each must be rejected with. */
    private static final Map<String, RejectReason> BAD = new LinkedHashMap<>();

    static {
        BAD.put("", RejectReason.EMPTY);
        BAD.put("not json", RejectReason.NOT_JSON);
        BAD.put("[57.3]", RejectReason.NOT_AN_OBJECT);
        BAD.put("{\"machineId\":\"press-09\"}", RejectReason.MISSING_TEMPERATURE);
        BAD.put("{\"temperature\":\"hot\"}", RejectReason.WRONG_TYPE);
        BAD.put("{\"temperature\":NaN}", RejectReason.NOT_FINITE);
        BAD.put("{\"temperature\":480.5}", RejectReason.OUT_OF_RANGE);
        BAD.put("{\"temperature\":50,\"timestamp\":\"yesterday\"}", RejectReason.INVALID_TIMESTAMP);
        BAD.put("{\"temperature\":" + " ".repeat(5000) + "50}", RejectReason.OVERSIZED);
    }

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @Test
    void everyReadingIsScoredExactlyOnceAndEveryBadRecordIsADeadLetter() throws Exception {
        Topics topics = Topics.create("eo");
        Path model = TestModels.committed();
        Input input = sendMixedInput(topics.input);
        String database = "regimes_eo";

        JobConfig config = config(topics, model, DeliveryMode.EXACTLY_ONCE)
                .withInflux(new InfluxSettings(INFLUX.url(), database, null, null));
        StreamExecutionEnvironment env = TestFlink.environment();
        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.replay(config));
        env.execute("exactly-once IT"); // bounded: returns when the input's end is reached and committed

        // Kafka, as a read_committed consumer sees it: each valid reading once, with the evaluator's regime.
        List<Prediction> predictions = kafka.readCommitted(topics.output).stream()
                .map(r -> PredictionCodec.fromJson(r.value()))
                .toList();
        assertThat(predictions)
                .extracting(RegimeScoringPipelineIT::describe)
                .containsExactlyInAnyOrderElementsOf(input.expectedPredictions(new ExpectedRegimes(model)));
        assertThat(kafka.readCommitted(topics.output))
                .allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8))
                        .isEqualTo(PredictionCodec.fromJson(r.value()).machineId()));

        assertDeadLetters(topics, input);

        // InfluxDB: one point per valid reading, with its machine and regime as tags.
        List<String> expectedPoints = predictions.stream()
                .map(p -> p.machineId() + "|" + p.regime() + "|" + p.regime() + "|" + p.temperature())
                .toList();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(
                                INFLUX.server()
                                        .rows(
                                                database,
                                                "SELECT \"machine\", \"regime_id\", \"regime\", \"temperature\", \"model_version\" FROM machine_regime"))
                        .extracting(
                                row -> row.get(1).asText() + "|" + row.get(2).asText() + "|"
                                        + row.get(3).asLong() + "|" + row.get(4).asDouble())
                        .containsExactlyInAnyOrderElementsOf(expectedPoints));
        assertThat(INFLUX.server().rows(database, "SHOW TAG VALUES FROM machine_regime WITH KEY = \"model_version\""))
                .extracting(row -> row.get(1).asText())
                .containsExactly(predictions.get(0).modelVersion());
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(sumOfDeadLetterCounts(database)).isEqualTo(BAD.size()));
    }

    @Test
    void atLeastOnceRunsUnboundedUntilCancelledAndLosesNothing() throws Exception {
        Topics topics = Topics.create("alo");
        Path model = TestModels.committed();
        Input input = sendMixedInput(topics.input);

        JobConfig config = config(topics, model, DeliveryMode.AT_LEAST_ONCE).withInflux(null);
        StreamExecutionEnvironment env = TestFlink.environment();
        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.of(config));
        JobClient job = env.executeAsync("at-least-once IT");
        try {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(runningTasks(job))
                            .as("tasks (vertices) of the running job, from the source to the sinks")
                            .singleElement()
                            .satisfies(task -> assertThat(task)
                                    .startsWith("Source: Kafka: " + topics.input)
                                    .contains("Score regime (PMML)")
                                    .contains("Kafka: " + topics.output)));
            ExpectedRegimes regimes = new ExpectedRegimes(model);
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(kafka.readCommitted(topics.output))
                            .extracting(r -> describe(PredictionCodec.fromJson(r.value())))
                            .containsExactlyInAnyOrderElementsOf(input.expectedPredictions(regimes)));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertDeadLetters(topics, input));
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aModelThatBreaksAfterSubmissionFailsTheJobAtStartNamingTheFile(@TempDir Path dir) throws Exception {
        Topics topics = Topics.create("broken");
        Path model = TestModels.standIn(dir);
        JobConfig config = config(topics, model, DeliveryMode.AT_LEAST_ONCE).withInflux(null);
        StreamExecutionEnvironment env = TestFlink.environment(TestFlink.noRestarts(), 2);
        RegimeScoringPipeline.build(
                env, config, KafkaPipelineIo.of(config)); // the model is fine while the job is built ...
        Files.writeString(model, "<PMML>truncated"); // ... and broken when the tasks open it

        assertThatThrownBy(() -> env.execute("broken model IT"))
                .satisfies(failure -> assertThat(
                                ExceptionUtils.findThrowableWithMessage(failure, "is not a valid PMML document"))
                        .hasValueSatisfying(e -> assertThat(e).hasMessageContaining(model.toString())));
        assertThatThrownBy(
                        () -> RegimeScoringPipeline.build(TestFlink.environment(), config, KafkaPipelineIo.of(config)))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(model.toString());
    }

    /** The names of the running job's tasks (JobGraph vertices), as the web UI gets them from the REST API. */
    private static List<String> runningTasks(JobClient job) throws Exception {
        Configuration client = FLINK.getClientConfiguration();
        URI uri = URI.create("http://" + client.get(RestOptions.ADDRESS) + ":" + client.get(RestOptions.PORT) + "/jobs/"
                + job.getJobID());
        String body = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString())
                .body();
        List<String> names = new ArrayList<>();
        Json.mapper()
                .readTree(body)
                .path("vertices")
                .forEach(v -> names.add(v.path("name").asText()));
        return names;
    }

    // ---------------------------------------------------------------- input and checks

    private record Topics(String input, String output, String deadLetters) {
        static Topics create(String name) {
            Topics t = new Topics("readings-" + name, "regimes-" + name, "dlq-" + name);
            KAFKA.broker().createTopic(t.input, PARTITIONS);
            KAFKA.broker().createTopic(t.output, PARTITIONS);
            KAFKA.broker().createTopic(t.deadLetters, 1);
            return t;
        }
    }

    private record Input(List<Sent> valid, List<Sent> article, List<Sent> bad) {

        /** "machine|timestamp|temperature|regime" of each valid message; article ones take the Kafka time. */
        List<String> expectedPredictions(ExpectedRegimes regimes) throws Exception {
            List<String> expected = new ArrayList<>();
            for (Sent s : valid) {
                var r = ReadingCodec.fromJson(
                        new String(s.value(), StandardCharsets.UTF_8),
                        s.metadata().timestamp());
                expected.add(r.machineId() + "|" + r.timestamp() + "|" + r.temperature() + "|"
                        + regimes.regimeOf(r.temperature()));
            }
            for (Sent s : article) {
                var r = ReadingCodec.fromJson(
                        new String(s.value(), StandardCharsets.UTF_8),
                        s.metadata().timestamp());
                expected.add("default|" + s.metadata().timestamp() + "|" + r.temperature() + "|"
                        + regimes.regimeOf(r.temperature()));
            }
            return expected;
        }
    }

    private Input sendMixedInput(String topic) throws Exception {
        RegimeSimulator simulator = RegimeSimulator.builder()
                .machines(3)
                .seed(7)
                .startMillis(1_764_213_600_000L)
                .intervalMillis(1000)
                .build();
        List<ProducerRecord<byte[], byte[]>> valid = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            SimulatedReading s = simulator.next();
            valid.add(new ProducerRecord<>(topic, bytes(s.reading().machineId()), ReadingCodec.toJson(s.reading())));
        }
        // The original article's messages: no machine, no timestamp, capitalised key, extra label.
        List<ProducerRecord<byte[], byte[]>> article = new ArrayList<>();
        for (int t : new int[] {40, 47, 57, 57, 66, 63}) {
            article.add(new ProducerRecord<>(topic, null, bytes("{\"Temperature\": " + t + ", \"label\": 3}")));
        }
        List<ProducerRecord<byte[], byte[]>> bad = BAD.keySet().stream()
                .map(v -> new ProducerRecord<byte[], byte[]>(topic, null, bytes(v)))
                .toList();
        Input input = new Input(kafka.send(topic, valid), kafka.send(topic, article), kafka.send(topic, bad));
        return input;
    }

    private void assertDeadLetters(Topics topics, Input input) {
        List<DeadLetter> deadLetters = kafka.readCommitted(topics.deadLetters).stream()
                .map(ConsumerRecord::value)
                .map(DeadLetterCodec::fromJson)
                .toList();
        List<String> expected = input.bad.stream()
                .map(s -> describe(s, BAD.get(new String(s.value(), StandardCharsets.UTF_8)), topics.input))
                .toList();
        assertThat(deadLetters)
                .extracting(d -> d.reason() + "|" + new String(d.payload(), StandardCharsets.UTF_8) + "|"
                        + d.sourceTopic() + "-" + d.partition() + "@" + d.offset())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private static String describe(Sent s, RejectReason reason, String topic) {
        return reason + "|" + new String(s.value(), StandardCharsets.UTF_8) + "|" + topic + "-"
                + s.metadata().partition() + "@" + s.metadata().offset();
    }

    private static String describe(Prediction p) {
        return p.machineId() + "|" + p.timestamp() + "|" + p.temperature() + "|" + p.regime();
    }

    private static long sumOfDeadLetterCounts(String database) {
        return INFLUX.server().count(database, "SELECT sum(\"count\") FROM dead_letter");
    }

    private JobConfig config(Topics topics, Path model, DeliveryMode delivery) {
        return JobConfig.defaults(KAFKA.bootstrapServers())
                .withTopics(t -> t.withReadings(topics.input)
                        .withPredictions(topics.output)
                        .withDeadLetters(topics.deadLetters))
                .withKafka(k -> k.withGroupId("it-" + topics.input).withStartingOffsets(StartingOffsets.EARLIEST))
                .withModel(m -> m.withLocation(model.toString()))
                .withKafka(k -> k.withDelivery(delivery).withTransactionalIdPrefix("it-" + topics.input))
                .withValidation(
                        ValidationRules.defaults().withEventTimeSkew(EventTimeSkew.UNLIMITED)); // readings of 2025
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
