package io.regimestream.training.retrain;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The retrainer's consumers: assigned partitions, no consumer group (the retrainer keeps its own
 * positions, so nothing is committed to Kafka and no group can hold them), bytes in.
 */
final class KafkaReads {

    private KafkaReads() {}

    /**
     * A consumer with the user's client settings.
     *
     * @param readCommitted true for the job's outputs (written in transactions when exactly-once: aborted copies of
     *                      events are skipped, each event is read once); false for the readings (see {@link ReadingWindow})
     */
    static KafkaConsumer<byte[], byte[]> consumer(Properties client, boolean readCommitted) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"); // the job's topics are the job's to create
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        p.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return new KafkaConsumer<>(p);
    }

    /**
     * Every partition of {@code topic}.
     *
     * @throws IllegalStateException naming the topic when it does not exist (or the client may not see it)
     */
    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("the topic " + topic + " does not exist (or this Kafka user may not "
                    + "describe it): start the scoring job first (it writes it), or give the right topic name");
        }
        return infos.stream()
                .map(i -> new TopicPartition(i.topic(), i.partition()))
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
                .toList();
    }
}
