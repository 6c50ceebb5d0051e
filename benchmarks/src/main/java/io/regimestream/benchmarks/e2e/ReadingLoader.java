package io.regimestream.benchmarks.e2e;

import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.RegimeSimulator;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes N simulated readings (keyed by machine) to an input topic once, for every mode to read;
 * every {@code badEvery}-th message is not JSON, so the dead-letter path runs in every mode too.
 */
public final class ReadingLoader {

    static final byte[] BAD_MESSAGE = "temperature: hot".getBytes(StandardCharsets.UTF_8);

    /**
     * @param valid        readings that should become predictions
     * @param bad          messages that should become dead letters
     * @param readingBytes mean key + value bytes of a reading (the input side of the output-size comparison)
     */
    public record Loaded(long valid, long bad, double readingBytes) {}

    private ReadingLoader() {}

    /** @param badEvery 0: no bad messages */
    public static Loaded load(String bootstrapServers, String topic, long count, int machines, int badEvery) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        RegimeSimulator simulator = RegimeSimulator.builder()
                .seed(7)
                .machines(machines)
                .startMillis(System.currentTimeMillis() - count)
                .intervalMillis(1)
                .build();
        long bad = 0;
        long readingBytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                BenchKafka.producerProperties(bootstrapServers),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 1; i <= count && failure.get() == null; i++) {
                Reading reading = simulator.next().reading();
                byte[] value;
                if (badEvery > 0 && i % badEvery == 0) {
                    value = BAD_MESSAGE;
                    bad++;
                } else {
                    value = ReadingCodec.toJson(reading);
                    readingBytes += BenchKafka.key(reading.machineId()).length + value.length;
                }
                producer.send(
                        new ProducerRecord<>(topic, BenchKafka.key(reading.machineId()), value), (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("loading readings failed: " + failure.get(), failure.get());
        }
        long valid = count - bad;
        return new Loaded(valid, bad, valid == 0 ? 0 : readingBytes / (double) valid);
    }
}
