package io.regimestream.benchmarks.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a run's whole output topic back (read_committed, so an exactly-once run counts only
 * committed records) and times it by the broker's append timestamps: the same clock for every
 * mode, and free of each mode's start-up.
 *
 * @param bytes key and value bytes of all records (what one prediction costs on the wire and on disk)
 */
record OutputTopic(long records, long firstAppendMillis, long lastAppendMillis, long bytes) {

    static OutputTopic read(String bootstrapServers, String topic) {
        List<TopicPartition> partitions = RawLoop.partitions(bootstrapServers, topic);
        long count = 0;
        long bytes = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                BenchKafka.consumerProperties(bootstrapServers),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    count++;
                    bytes += (record.key() == null ? 0 : record.key().length)
                            + (record.value() == null ? 0 : record.value().length);
                    first = Math.min(first, record.timestamp());
                    last = Math.max(last, record.timestamp());
                }
            }
        }
        return new OutputTopic(count, first, last, bytes);
    }

    /** Records per second between the first and the last append. */
    double recordsPerSecond() {
        long spanMillis = Math.max(1, lastAppendMillis - firstAppendMillis);
        return records * 1000.0 / spanMillis;
    }

    double appendSpanSeconds() {
        return (lastAppendMillis - firstAppendMillis) / 1000.0;
    }

    double bytesPerRecord() {
        return records == 0 ? Double.NaN : bytes / (double) records;
    }
}
