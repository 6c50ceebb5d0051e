package io.regimestream.job.testing;

import io.regimestream.localservices.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain Kafka clients for tests: send messages and read a topic to its end (read_committed, or read_uncommitted). */
public final class KafkaTopics {

    private final Properties clientProperties = new Properties();

    public KafkaTopics(KafkaBroker broker) {
        this(broker.clientProperties());
    }

    /** For a broker given by its client settings (e.g. one in its own process). */
    public KafkaTopics(Map<?, ?> clientProperties) {
        this.clientProperties.putAll(clientProperties);
    }

    /** A message that was sent, with where and when Kafka put it. */
    public record Sent(byte[] key, byte[] value, RecordMetadata metadata) {}

    public List<Sent> send(String topic, List<ProducerRecord<byte[], byte[]>> records) {
        return send(topic, records, Map.of());
    }

    /**
     * Sends {@code records} in order and waits for every acknowledgement; {@code producerSettings}
     * override the defaults (e.g. a larger {@code max.request.size} for a multi-megabyte message).
     */
    public List<Sent> send(
            String topic, List<ProducerRecord<byte[], byte[]>> records, Map<String, Object> producerSettings) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putAll(producerSettings);
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            // All in flight at once (the idempotent producer keeps their order), then wait: fast for thousands.
            for (ProducerRecord<byte[], byte[]> r : records) {
                acks.add(producer.send(new ProducerRecord<>(topic, r.key(), r.value())));
            }
            for (int i = 0; i < records.size(); i++) {
                sent.add(new Sent(
                        records.get(i).key(),
                        records.get(i).value(),
                        acks.get(i).get()));
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
        return sent;
    }

    /** Everything committed in {@code topic} now (reads until the end offsets, as read_committed). */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        return read(topic, IsolationLevel.READ_COMMITTED);
    }

    /**
     * Everything in {@code topic} now as a consumer of {@code isolation} sees it: read_committed stops
     * at the last stable offset and skips aborted records; read_uncommitted (Kafka's default) returns
     * those too. Neither returns transaction markers.
     */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, IsolationLevel isolation) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.putAll(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation.toString(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName()));
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 60_000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.currentTimeMillis() > deadline) {
                    // Never hand back part of a topic as if it were all of it.
                    throw new IllegalStateException("could not read " + topic + " to its end offsets " + end
                            + " within 60 s; got " + records.size() + " records");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
