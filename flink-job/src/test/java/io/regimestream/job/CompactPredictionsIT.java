package io.regimestream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.common.codec.CompactPredictionCodec;
import io.regimestream.common.codec.Json;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.codec.PredictionFormat;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.CompactPrediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.testing.ExpectedRegimes;
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
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * The job started with {@code --prediction-format compact} (its command line, parsed as {@code main}
 * parses it) on a Flink MiniCluster against a real Kafka broker and a real influxd, beside the same
 * job with the default full records over the same readings: a consumer reads the compact records
 * back, and InfluxDB gets the same points either way.
 */
class CompactPredictionsIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final String INPUT = "readings-formats";
    private static final int READINGS = 90;
    /** Every field of the compact record, in the order it is written. */
    private static final List<String> COMPACT_FIELDS =
            List.of("machineId", "timestamp", "temperature", "regime", "modelVersion", "lowConfidence");
    /** Every field of a prediction point but lag_ms (scoring time minus event time differs between two runs). */
    private static final String POINTS = "SELECT \"machine\", \"model_version\", \"regime_id\", \"temperature\", "
            + "\"regime\", \"confidence\", \"probability0\", \"probability1\", \"probability2\", \"probability3\", "
            + "\"low_confidence\" FROM machine_regime";

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @Test
    void compactRecordsAreReadBackByAConsumerAndInfluxDbGetsTheSamePointsAsWithFullRecords() throws Exception {
        Path model = TestModels.committed();
        KAFKA.broker().createTopic(INPUT, 2);
        List<Reading> readings = sendReadings();

        JobConfig full = run(model, "full");
        JobConfig compact = run(model, "compact");
        assertThat(full.output().predictionFormat()).isEqualTo(PredictionFormat.FULL); // the default
        assertThat(compact.output().predictionFormat()).isEqualTo(PredictionFormat.COMPACT);

        // Kafka: one compact record per reading, its six fields only, keyed by machine, with the model's regime.
        List<ConsumerRecord<byte[], byte[]>> compactRecords =
                kafka.readCommitted(compact.topics().predictions());
        assertThat(compactRecords).hasSize(READINGS).allSatisfy(r -> {
            List<String> fields = new ArrayList<>();
            Json.mapper().readTree(r.value()).fieldNames().forEachRemaining(fields::add);
            assertThat(fields).isEqualTo(COMPACT_FIELDS);
        });
        List<CompactPrediction> read = compactRecords.stream()
                .map(r -> CompactPredictionCodec.fromJson(r.value()))
                .toList();
        assertThat(compactRecords)
                .allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8))
                        .isEqualTo(CompactPredictionCodec.fromJson(r.value()).machineId()));
        ExpectedRegimes regimes = new ExpectedRegimes(model);
        assertThat(read)
                .extracting(p -> p.machineId() + "|" + p.timestamp() + "|" + p.temperature() + "|" + p.regime())
                .containsExactlyInAnyOrderElementsOf(readings.stream()
                        .map(r -> r.machineId() + "|" + r.timestamp() + "|" + r.temperature() + "|"
                                + regimes.regimeOf(r.temperature()))
                        .toList());

        // The very predictions of the full run, without the fields the compact record leaves out, in fewer bytes.
        List<ConsumerRecord<byte[], byte[]>> fullRecords =
                kafka.readCommitted(full.topics().predictions());
        assertThat(read)
                .containsExactlyInAnyOrderElementsOf(fullRecords.stream()
                        .map(r -> CompactPrediction.of(PredictionCodec.fromJson(r.value())))
                        .toList());
        assertThat(bytes(compactRecords)).isLessThan(bytes(fullRecords) / 2);

        // InfluxDB: every point with every field (confidence, probabilities, lag) whichever record Kafka gets.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(INFLUX.server().rows(database(compact), POINTS)).hasSize(READINGS);
            assertThat(INFLUX.server().rows(database(full), POINTS)).hasSize(READINGS);
        });
        assertThat(rowsText(database(compact))).containsExactlyInAnyOrderElementsOf(rowsText(database(full)));
        assertThat(INFLUX.server().count(database(compact), "SELECT count(\"lag_ms\") FROM machine_regime"))
                .isEqualTo(READINGS);
    }

    /** The job as {@code main} would run it with these options, bounded: returns when every reading is written. */
    private static JobConfig run(Path model, String format) throws Exception {
        RegimeScoringJob job = new RegimeScoringJob();
        new CommandLine(job)
                .parseArgs(
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--input-topic",
                        INPUT,
                        "--output-topic",
                        "regimes-" + format,
                        "--dlq-topic",
                        "dlq-" + format,
                        "--group-id",
                        "it-" + format,
                        "--starting-offsets",
                        "earliest",
                        "--model",
                        model.toString(),
                        "--delivery",
                        "at-least-once",
                        "--allow-unsigned-models", // no model announcements here
                        "--max-event-time-skew",
                        "none", // the simulated readings are of 2025
                        "--influxdb-url",
                        INFLUX.url(),
                        "--influxdb-database",
                        "regimes_" + format,
                        "--prediction-format",
                        format);
        JobConfig config = job.options.toConfig();
        StreamExecutionEnvironment env = TestFlink.environment();
        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.replay(config));
        env.execute(format + " predictions IT");
        return config;
    }

    private List<Reading> sendReadings() {
        RegimeSimulator simulator = RegimeSimulator.builder()
                .machines(3)
                .seed(11)
                .startMillis(1_764_213_600_000L)
                .intervalMillis(1000)
                .build();
        List<Reading> readings = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < READINGS; i++) {
            Reading r = simulator.next().reading();
            readings.add(r);
            records.add(new ProducerRecord<>(
                    INPUT, r.machineId().getBytes(StandardCharsets.UTF_8), ReadingCodec.toJson(r)));
        }
        kafka.send(INPUT, records);
        return readings;
    }

    private static String database(JobConfig config) {
        return config.influx().database();
    }

    private static List<String> rowsText(String database) {
        return INFLUX.server().rows(database, POINTS).stream()
                .map(Object::toString)
                .toList();
    }

    private static long bytes(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().mapToLong(r -> r.value().length).sum();
    }
}
