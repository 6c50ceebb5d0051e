package io.regimestream.benchmarks.e2e;

import io.regimestream.common.codec.RecordCodec;
import io.regimestream.common.records.InvalidRecordException;
import io.regimestream.common.records.Reading;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The framework-free baseline: plain kafka-clients threads (one per "subtask", each with its
 * own share of the partitions and its own producer), consume -> parse -> transform -> produce,
 * until the input's end offsets at start are reached.
 */
final class RawLoop {

    private RawLoop() {
    }

    /**
     * @param transform one per thread (scorers are not shared); turns a parsed reading into the output message
     * @return the number of records written
     */
    static long run(String bootstrapServers, String input, String output, int threads,
                    Supplier<Function<Reading, byte[]>> transform) throws InterruptedException {
        List<TopicPartition> partitions = partitions(bootstrapServers, input);
        AtomicLong written = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<TopicPartition> mine = new ArrayList<>();
            for (int p = t; p < partitions.size(); p += threads) {
                mine.add(partitions.get(p));
            }
            Function<Reading, byte[]> function = transform.get();
            Thread worker = new Thread(() -> {
                try {
                    written.addAndGet(copy(bootstrapServers, mine, output, function));
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "raw-loop-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("raw loop failed: " + failure.get(), failure.get());
        }
        return written.get();
    }

    private static long copy(String bootstrapServers, List<TopicPartition> partitions, String output,
                             Function<Reading, byte[]> function) throws InvalidRecordException {
        if (partitions.isEmpty()) {
            return 0;
        }
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        long written = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(BenchKafka.consumerProperties(bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(BenchKafka.producerProperties(bootstrapServers),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!reached(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Reading reading = RecordCodec.parseReading(record.value(), record.timestamp());
                    producer.send(new ProducerRecord<>(output, record.key(), function.apply(reading)), (m, e) -> {
                        if (e != null) {
                            sendFailure.compareAndSet(null, e);
                        }
                    });
                    written++;
                }
            }
            producer.flush();
        }
        if (sendFailure.get() != null) {
            throw new IllegalStateException("producing to " + output + " failed: " + sendFailure.get(), sendFailure.get());
        }
        return written;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    static List<TopicPartition> partitions(String bootstrapServers, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(BenchKafka.consumerProperties(bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            return partitions;
        }
    }
}
