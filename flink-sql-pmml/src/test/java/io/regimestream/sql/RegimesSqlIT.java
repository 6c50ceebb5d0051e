package io.regimestream.sql;

import io.regimestream.common.codec.RecordCodec;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.job.KafkaPipelineIo;
import io.regimestream.job.RegimeScoringPipeline;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.StartingOffsets;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * sql/regimes.sql as bin/sql runs it (SqlScript, Table API, Flink MiniCluster) against a real Kafka
 * broker (local-services, in-process KRaft), and the DataStream job on the same readings: every
 * reading gets the same regime, confidence and probabilities, to the bit, and the same version.
 */
class RegimesSqlIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static final int READINGS = 400;
    private static final String SQL_OUTPUT = "sql-regimes";
    private static final String JOB_OUTPUT = "job-regimes";

    @Test
    void theSqlPipelinePredictsWhatTheDataStreamJobPredicts() throws Exception {
        KAFKA.broker().createTopic(PipelineDefaults.READINGS_TOPIC, 2);
        KAFKA.broker().createTopic(SQL_OUTPUT, 2);
        KAFKA.broker().createTopic(JOB_OUTPUT, 2);
        KAFKA.broker().createTopic("job-dlq", 1);
        List<Reading> readings = sendReadings();
        Path model = TestModels.committed();

        SqlScript script = SqlScript.parse(Files.readString(Path.of("..", "sql", "regimes.sql")), Map.of(
                "BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                "MODEL_URI", model.toUri().toString(),
                "OUTPUT_TOPIC", SQL_OUTPUT));
        TableResult sqlJob = script.run(TableEnvironment.create(EnvironmentSettings.inStreamingMode())).orElseThrow();
        Map<String, Prediction> fromSql;
        try {
            fromSql = awaitPredictions(SQL_OUTPUT);
            // The script's checkpoints commit the source's offsets (a restart resumes, not replays).
            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(committedOffsets("regime-sql")).isEqualTo(READINGS));
        } finally {
            sqlJob.getJobClient().ifPresent(JobClient::cancel);
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobConfig config = JobConfig.defaults(KAFKA.bootstrapServers())
                .with(JobConfig::inputTopic, PipelineDefaults.READINGS_TOPIC)
                .with(JobConfig::outputTopic, JOB_OUTPUT)
                .with(JobConfig::deadLetterTopic, "job-dlq")
                .with(JobConfig::groupId, "it-job").with(JobConfig::startingOffsets, StartingOffsets.EARLIEST)
                .with(JobConfig::modelLocation, model.toString())
                .withInflux(null)
                .with(JobConfig::delivery, DeliveryMode.AT_LEAST_ONCE)
                .with(JobConfig::parallelism, 2);
        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.replay(config));
        env.execute("DataStream job on the same readings");
        Map<String, Prediction> fromJob = awaitPredictions(JOB_OUTPUT);

        assertThat(fromSql.keySet()).isEqualTo(fromJob.keySet())
                .isEqualTo(readings.stream().map(RegimesSqlIT::key).collect(Collectors.toSet()));
        for (Map.Entry<String, Prediction> entry : fromSql.entrySet()) {
            Prediction sql = entry.getValue();
            Prediction job = fromJob.get(entry.getKey());
            assertThat(sql.regime()).as(entry.getKey()).isEqualTo(job.regime());
            assertThat(bits(sql.confidence())).as(entry.getKey()).isEqualTo(bits(job.confidence()));
            assertThat(sql.probabilities()).hasSameSizeAs(job.probabilities());
            for (int i = 0; i < job.probabilities().length; i++) {
                assertThat(bits(sql.probabilities()[i])).as("%s probability%d", entry.getKey(), i)
                        .isEqualTo(bits(job.probabilities()[i]));
            }
            assertThat(sql.modelVersion()).isEqualTo(job.modelVersion()).isEqualTo(TestModels.versionOf(model));
        }
        // Not all one regime: the readings span the model's regimes.
        assertThat(fromSql.values().stream().map(Prediction::regime).distinct().count()).isGreaterThanOrEqualTo(3);
    }

    /** Readings of 5 machines over the whole trained range and beyond, one second apart. */
    private static List<Reading> sendReadings() throws Exception {
        Random random = new Random(15);
        long start = System.currentTimeMillis() - READINGS * 1000L; // recent: the job refuses event times days off (--max-event-time-skew)
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < READINGS; i++) {
            double temperature = Math.round((30 + random.nextDouble() * 50) * 100) / 100.0;
            readings.add(new Reading("m" + (i % 5), start + i * 1000L, temperature));
        }
        Map<String, Object> config = new HashMap<>(KAFKA.broker().clientProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (Reading r : readings) {
                producer.send(new ProducerRecord<>(PipelineDefaults.READINGS_TOPIC,
                        r.machineId().getBytes(StandardCharsets.UTF_8), RecordCodec.toJson(r))).get();
            }
        }
        return readings;
    }

    /** Every prediction on {@code topic}, by reading; waits (generously: the machine is shared) for all of them. */
    private static Map<String, Prediction> awaitPredictions(String topic) {
        Map<String, Object> config = new HashMap<>(KAFKA.broker().clientProperties());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, Prediction> predictions = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Prediction p = RecordCodec.parsePrediction(record.value());
                    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(p.machineId());
                    predictions.merge(key(p), p, (a, b) -> a); // at-least-once: a replay repeats the same prediction
                }
                return predictions.size() >= READINGS;
            });
        }
        return predictions;
    }

    private static long committedOffsets(String group) throws Exception {
        try (Admin admin = KAFKA.broker().admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values().stream()
                    .mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private static String key(Reading r) {
        return r.machineId() + "@" + r.timestamp() + "=" + r.temperature();
    }

    private static String key(Prediction p) {
        return p.machineId() + "@" + p.timestamp() + "=" + p.temperature();
    }

    private static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }
}
