package io.regimestream.training.retrain;

import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.InvalidRecordException;
import io.regimestream.common.records.Reading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.DoublePredicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * The readings a retrain learns from: the latest ones on the readings topic, bounded by time (those
 * of the last {@code span}) and by count (at most {@code maxReadings}, the latest), read once with a
 * plain consumer up to the end the topic had when the read began.
 *
 * <p>The readings are read {@code read_uncommitted}, Kafka's default: the producer writes them
 * idempotently, in no transaction, so there are no aborted readings to skip, and a
 * {@code read_committed} read would only wait behind a transaction someone else left open (it stops
 * at the last stable offset). Readings written in transactions by another producer would be read
 * with their aborted copies. The job's outputs (drift events, statuses) are another matter: they are
 * read {@code read_committed}.
 *
 * <p>Records the job would not score are left out and counted: those that are no reading (not
 * JSON, no temperature, ...) and readings outside the plausible temperatures (the job's
 * {@code --min-temperature}, {@code --max-temperature}), which are dead letters to the job and would
 * be a regime of their own to the elbow. A reading without a timestamp gets the record's.
 */
final class ReadingWindow {

    /** How long reading the window may take before it is given up. */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    /**
     * @param readings   the readings, oldest first
     * @param from       the window's start: {@code now - span}
     * @param to         its end: when the read began
     * @param skipped    records the job would not score: no reading, or an implausible temperature
     * @param cutByCount true when older readings within the time span were left out to keep {@code maxReadings}
     */
    record Window(List<Reading> readings, long from, long to, long skipped, boolean cutByCount) {

        /** e.g. {@code 3000 readings of 3 machines from 12:00:00 to 12:05:00 (12 records the job would not score left out)}. */
        String describe() {
            long machines = readings.stream().map(Reading::machineId).distinct().count();
            return readings.size() + " readings of " + machines + " machine" + (machines == 1 ? "" : "s") + " from "
                    + RetrainLog.clock(from) + " to " + RetrainLog.clock(to)
                    + (cutByCount ? " (the latest only: --window-readings)" : "")
                    + (skipped > 0 ? " (" + skipped + " records the job would not score left out)" : "");
        }
    }

    private ReadingWindow() {}

    static Window read(
            Properties client, String topic, Duration span, int maxReadings, DoublePredicate plausible, long now) {
        long from = now - span.toMillis();
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaReads.consumer(client, false)) {
            List<TopicPartition> partitions = KafkaReads.partitions(consumer, topic);
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, from));
            Map<TopicPartition, OffsetAndTimestamp> byTime = consumer.offsetsForTimes(query);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp first = byTime.get(p);
                long start = first == null ? end.get(p) : first.offset(); // null: nothing that recent
                // At most maxReadings from any one partition: the latest maxReadings of all lie within those.
                start = Math.max(start, Math.max(beginning.get(p), end.get(p) - maxReadings));
                consumer.seek(p, start);
                if (start < end.get(p)) {
                    remaining.put(p, end.get(p));
                }
            }
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading the window from " + topic + " took longer than "
                            + READ_TIMEOUT.toMinutes() + " minutes; still to read: " + remaining);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition p = new TopicPartition(r.topic(), r.partition());
                    Long stop = remaining.get(p);
                    if (stop != null && r.offset() < stop) {
                        records.add(r);
                    }
                }
                remaining.keySet().removeIf(p -> consumer.position(p) >= remaining.get(p));
            }
            return window(records, maxReadings, plausible, from, now);
        }
    }

    /** The plausible readings of {@code records}, the latest {@code maxReadings} by record time, oldest first. */
    static Window window(
            List<ConsumerRecord<byte[], byte[]>> records,
            int maxReadings,
            DoublePredicate plausible,
            long from,
            long to) {
        List<ConsumerRecord<byte[], byte[]>> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
        List<Reading> readings = new ArrayList<>(Math.min(sorted.size(), maxReadings));
        long skipped = 0;
        for (ConsumerRecord<byte[], byte[]> r : sorted) {
            try {
                Reading reading = ReadingCodec.fromJson(r.value(), r.timestamp());
                if (plausible.test(reading.temperature())) {
                    readings.add(reading);
                } else {
                    skipped++;
                }
            } catch (InvalidRecordException notAReading) {
                skipped++;
            }
        }
        boolean cut = readings.size() > maxReadings;
        List<Reading> kept = cut ? readings.subList(readings.size() - maxReadings, readings.size()) : readings;
        return new Window(List.copyOf(kept), from, to, skipped, cut);
    }
}
