package io.regimestream.benchmarks.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The framework-free baseline: plain kafka-clients threads, per "subtask" (each with its own share
 * of the partitions, its own consumer and producer) a fetch thread and a work thread, consume ->
 * handle -> produce, until the input's end offsets at start are reached (bounded) or until told to stop.
 */
public final class RawLoop {

    /** Batches a fetch thread may poll ahead of its work thread. */
    private static final int FETCH_AHEAD_BATCHES = 2;
    /** Marks the end of a fetch thread's batches (compared by identity). */
    private static final List<ConsumerRecord<byte[], byte[]>> END = new ArrayList<>(0);

    /** What a loop does with one input record; one per thread (scorers and per-machine state are not shared). */
    public interface RecordHandler {
        void handle(ConsumerRecord<byte[], byte[]> record, Consumer<ProducerRecord<byte[], byte[]>> send)
                throws Exception;
    }

    /**
     * @param consumer client settings of each thread's consumer (it reads assigned partitions from the start)
     * @param producer client settings of each thread's producer
     * @param handlers one handler per thread
     * @param stop     null: stop at the end offsets the input had at start; otherwise run until it says true
     * @return input records handled
     */
    public static long run(
            String input,
            int threads,
            Properties consumer,
            Properties producer,
            Supplier<RecordHandler> handlers,
            BooleanSupplier stop)
            throws InterruptedException {
        List<TopicPartition> partitions = partitions(consumer, input);
        AtomicLong handled = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<TopicPartition> mine = new ArrayList<>();
            for (int p = t; p < partitions.size(); p += threads) {
                mine.add(partitions.get(p));
            }
            RecordHandler handler = handlers.get();
            Thread worker = new Thread(
                    () -> {
                        try {
                            handled.addAndGet(loop(mine, consumer, producer, handler, stop));
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    },
                    "raw-loop-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("raw loop failed: " + failure.get(), failure.get());
        }
        return handled.get();
    }

    /**
     * One subtask: a fetch thread polls and hands each batch to this (work) thread, which handles
     * the records and sends the results; the producer sends from its own I/O thread as always. The
     * same division of labour as the job's Kafka source (split fetcher thread) and task thread, so
     * that the loop is not slower only for doing fetching and work one after the other.
     */
    private static long loop(
            List<TopicPartition> partitions,
            Properties consumerSettings,
            Properties producerSettings,
            RecordHandler handler,
            BooleanSupplier stop)
            throws Exception {
        if (partitions.isEmpty()) {
            return 0;
        }
        BlockingQueue<Iterable<ConsumerRecord<byte[], byte[]>>> batches = new ArrayBlockingQueue<>(FETCH_AHEAD_BATCHES);
        AtomicBoolean abort = new AtomicBoolean();
        AtomicReference<Throwable> fetchFailure = new AtomicReference<>();
        Thread fetcher = new Thread(
                () -> fetch(partitions, consumerSettings, stop, batches, abort, fetchFailure),
                Thread.currentThread().getName().replace("loop", "fetch"));
        fetcher.start();
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        long handled = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerSettings, new ByteArraySerializer(), new ByteArraySerializer())) {
            Consumer<ProducerRecord<byte[], byte[]>> send = record -> producer.send(record, (m, e) -> {
                if (e != null) {
                    sendFailure.compareAndSet(null, e);
                }
            });
            for (Iterable<ConsumerRecord<byte[], byte[]>> batch = batches.take();
                    batch != END;
                    batch = batches.take()) {
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    handler.handle(record, send);
                    handled++;
                }
                if (sendFailure.get() != null) {
                    break;
                }
            }
            producer.flush();
        } finally {
            abort.set(true); // the fetcher stops if the work ended early
            fetcher.join();
        }
        if (fetchFailure.get() != null) {
            throw new IllegalStateException("consuming failed: " + fetchFailure.get(), fetchFailure.get());
        }
        if (sendFailure.get() != null) {
            throw new IllegalStateException("producing failed: " + sendFailure.get(), sendFailure.get());
        }
        return handled;
    }

    private static void fetch(
            List<TopicPartition> partitions,
            Properties consumerSettings,
            BooleanSupplier stop,
            BlockingQueue<Iterable<ConsumerRecord<byte[], byte[]>>> batches,
            AtomicBoolean abort,
            AtomicReference<Throwable> failure) {
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerSettings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = stop == null ? consumer.endOffsets(partitions) : null;
            while (!abort.get() && (stop == null ? !reached(consumer, end) : !stop.getAsBoolean())) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                while (!batches.offer(records, 100, TimeUnit.MILLISECONDS)) {
                    if (abort.get()) {
                        return;
                    }
                }
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        } finally {
            // the work thread waits for this even after a failure; it takes batches until then, so there is room
            while (!abort.get()) {
                try {
                    if (batches.offer(END, 100, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    public static List<TopicPartition> partitions(String bootstrapServers, String topic) {
        return partitions(BenchKafka.consumerProperties(bootstrapServers), topic);
    }

    private static List<TopicPartition> partitions(Properties consumerSettings, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerSettings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            return partitions;
        }
    }
}
