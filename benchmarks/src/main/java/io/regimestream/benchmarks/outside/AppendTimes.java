package io.regimestream.benchmarks.outside;

import io.regimestream.benchmarks.e2e.BenchKafka;
import io.regimestream.benchmarks.e2e.RawLoop;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A whole output topic read back (read_committed: an exactly-once run counts committed records
 * only), kept as its records' broker append times, sorted: the run's rate between the first and
 * the last append, and how many records any window of wall time holds.
 *
 * @param bytes key and value bytes of all records
 */
public record AppendTimes(long[] sortedMillis, long bytes) implements ThreadUsage.RecordCount {

    public static AppendTimes read(String bootstrapServers, String topic) {
        List<TopicPartition> partitions = RawLoop.partitions(bootstrapServers, topic);
        long[] times = new long[1 << 16];
        int n = 0;
        long bytes = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                BenchKafka.consumerProperties(bootstrapServers),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (n == times.length) {
                        times = Arrays.copyOf(times, n * 2);
                    }
                    times[n++] = record.timestamp();
                    bytes += (record.key() == null ? 0 : record.key().length)
                            + (record.value() == null ? 0 : record.value().length);
                }
            }
        }
        long[] sorted = Arrays.copyOf(times, n);
        Arrays.sort(sorted);
        return new AppendTimes(sorted, bytes);
    }

    /** Times already known, e.g. a latency window's stamps. */
    static AppendTimes of(long[] millis) {
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new AppendTimes(sorted, 0);
    }

    public long records() {
        return sortedMillis.length;
    }

    public long first() {
        return sortedMillis.length == 0 ? -1 : sortedMillis[0];
    }

    public long last() {
        return sortedMillis.length == 0 ? -1 : sortedMillis[sortedMillis.length - 1];
    }

    /** Records per second between the first and the last append. */
    double recordsPerSecond() {
        return records() < 2 ? Double.NaN : records() * 1000.0 / Math.max(1, last() - first());
    }

    /** The append time of the middle record: the second half starts here. */
    long middle() {
        return sortedMillis.length == 0 ? -1 : sortedMillis[sortedMillis.length / 2];
    }

    /** Records per second of the second half of the records, over their own span. */
    double secondHalfRecordsPerSecond() {
        long n = records() - records() / 2;
        return n < 2 ? Double.NaN : n * 1000.0 / Math.max(1, last() - middle());
    }

    double bytesPerRecord() {
        return records() == 0 ? Double.NaN : bytes / (double) records();
    }

    @Override
    public long between(long fromMillis, long toMillis) {
        return lowerBound(toMillis + 1) - lowerBound(fromMillis);
    }

    /** Index of the first time >= {@code millis}. */
    private int lowerBound(long millis) {
        int lo = 0;
        int hi = sortedMillis.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedMillis[mid] < millis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
