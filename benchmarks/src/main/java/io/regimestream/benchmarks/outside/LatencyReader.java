package io.regimestream.benchmarks.outside;

import io.regimestream.benchmarks.e2e.BenchKafka;
import io.regimestream.benchmarks.e2e.RawLoop;
import io.regimestream.common.codec.CompactPredictionCodec;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.codec.PredictionFormat;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a latency run's input and output topics from the start with one read_committed consumer
 * and pairs each prediction with its reading (machine id and timestamp): the loader's send stamp,
 * the broker's append time of the reading and of the prediction, the job's scoring time (full
 * predictions) and the reader's own clock when the prediction arrived.
 */
final class LatencyReader implements AutoCloseable {

    /** What one run's window held. */
    record Window(long sent, long received, long duplicates, List<LatencySample> samples) {}

    private record Output(String key, long stamp, long processed, long outputAppend, long read) {}

    private final String readings;
    private final String predictions;
    private final PredictionFormat format;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Map<String, long[]> inputs = new HashMap<>(); // key -> {stamp, append}
    private final List<Output> outputs = new ArrayList<>();
    private volatile boolean running = true;
    private volatile long firstStamp = -1;

    LatencyReader(String bootstrapServers, RunTopics topics, PredictionFormat format) {
        this.readings = topics.readings();
        this.predictions = topics.predictions();
        this.format = format;
        this.consumer = new KafkaConsumer<>(
                BenchKafka.consumerProperties(bootstrapServers),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>(RawLoop.partitions(bootstrapServers, readings));
        partitions.addAll(RawLoop.partitions(bootstrapServers, predictions));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::loop, "latency-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(50));
                long read = System.currentTimeMillis();
                synchronized (this) {
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        if (r.topic().equals(readings)) {
                            Reading reading = ReadingCodec.fromJson(r.value(), -1);
                            inputs.putIfAbsent(
                                    key(reading.machineId(), reading.timestamp()),
                                    new long[] {reading.timestamp(), r.timestamp()});
                            if (firstStamp < 0 || reading.timestamp() < firstStamp) {
                                firstStamp = reading.timestamp();
                            }
                        } else {
                            outputs.add(output(r, read));
                        }
                    }
                }
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }

    private Output output(ConsumerRecord<byte[], byte[]> r, long read) {
        if (format == PredictionFormat.FULL) {
            Prediction p = PredictionCodec.fromJson(r.value());
            return new Output(
                    key(p.machineId(), p.timestamp()), p.timestamp(), p.processingTime(), r.timestamp(), read);
        }
        var p = CompactPredictionCodec.fromJson(r.value());
        return new Output(key(p.machineId(), p.timestamp()), p.timestamp(), -1, r.timestamp(), read);
    }

    private static String key(String machineId, long timestamp) {
        return machineId + '@' + timestamp;
    }

    /** The earliest send stamp seen on the input so far; -1 before the first reading. */
    long firstStamp() {
        requireHealthy();
        return firstStamp;
    }

    /**
     * Waits until the loader is done and every reading stamped in [from, until) has its prediction,
     * or {@code grace} after the loader is done, then returns the window's records.
     */
    Window collect(long from, long until, Duration grace, BooleanSupplier loaderDone) throws InterruptedException {
        long graceEnd = Long.MAX_VALUE;
        while (true) {
            requireHealthy();
            boolean done = loaderDone.getAsBoolean();
            if (done && graceEnd == Long.MAX_VALUE) {
                graceEnd = System.currentTimeMillis() + grace.toMillis();
            }
            Window window = window(from, until);
            if ((done && window.sent() > 0 && window.samples().size() >= window.sent())
                    || System.currentTimeMillis() > graceEnd) {
                return window;
            }
            Thread.sleep(250);
        }
    }

    private synchronized Window window(long from, long until) {
        long sent = inputs.values().stream()
                .filter(v -> v[0] >= from && v[0] < until)
                .count();
        List<LatencySample> samples = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long received = 0;
        long duplicates = 0;
        for (Output o : outputs) {
            if (o.stamp() < from || o.stamp() >= until) {
                continue;
            }
            received++;
            if (!seen.add(o.key())) {
                duplicates++; // at-least-once may repeat a prediction; the first one counts
                continue;
            }
            long[] in = inputs.get(o.key());
            samples.add(
                    new LatencySample(o.stamp(), in == null ? -1 : in[1], o.processed(), o.outputAppend(), o.read()));
        }
        return new Window(sent, received, duplicates, samples);
    }

    private void requireHealthy() {
        if (failure.get() != null) {
            throw new IllegalStateException("the latency reader failed: " + failure.get(), failure.get());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
        consumer.close();
    }
}
