package io.regimestream.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.localservices.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka side of sql/regimes.sql in tests: readings into machine-temperature, predictions read back. */
final class SqlPipelineKafka {

    private final KafkaBroker broker;

    SqlPipelineKafka(KafkaBroker broker) {
        this.broker = broker;
    }

    /** {@code count} readings of 5 machines over the whole trained range and beyond, one second apart. */
    List<Reading> sendReadings(int count) throws Exception {
        Random random = new Random(15);
        long start = System.currentTimeMillis()
                - count * 1000L; // recent: the job refuses event times days off (--max-event-time-skew)
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double temperature = Math.round((30 + random.nextDouble() * 50) * 100) / 100.0;
            readings.add(new Reading("m" + (i % 5), start + i * 1000L, temperature));
        }
        Map<String, Object> config = new HashMap<>(broker.clientProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (Reading r : readings) {
                producer.send(new ProducerRecord<>(
                                PipelineDefaults.READINGS_TOPIC,
                                r.machineId().getBytes(StandardCharsets.UTF_8),
                                ReadingCodec.toJson(r)))
                        .get();
            }
        }
        return readings;
    }

    /**
     * Every prediction on {@code topic} (read_committed), by {@link #key(Prediction)}; waits
     * (generously: the machine is shared) until there are {@code count}. Each is keyed by its machine.
     */
    Map<String, Prediction> awaitPredictions(String topic, int count) {
        Map<String, Object> config = new HashMap<>(broker.clientProperties());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, Prediction> predictions = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                            Prediction p = PredictionCodec.fromJson(record.value());
                            assertThat(new String(record.key(), StandardCharsets.UTF_8))
                                    .isEqualTo(p.machineId());
                            predictions.merge(
                                    key(p), p, (a, b) -> a); // at-least-once: a replay repeats the same prediction
                        }
                        return predictions.size() >= count;
                    });
        }
        return predictions;
    }

    /** The offsets {@code group} committed, summed over its partitions. */
    long committedOffsets(String group) throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values().stream()
                    .mapToLong(OffsetAndMetadata::offset)
                    .sum();
        }
    }

    /** Deletes {@code group} and its committed offsets (if it exists): the next job of that group reads from the start. */
    void forgetGroup(String group) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.deleteConsumerGroups(List.of(group)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
        }
    }

    static String key(Reading r) {
        return r.machineId() + "@" + r.timestamp() + "=" + r.temperature();
    }

    static String key(Prediction p) {
        return p.machineId() + "@" + p.timestamp() + "=" + p.temperature();
    }

    static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }
}
