package io.regimestream.benchmarks.e2e;

import io.regimestream.common.codec.RecordCodec;
import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.RegimeSimulator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.concurrent.atomic.AtomicReference;

/** Writes N simulated readings (several machines, keyed by machine) to the input topic once, for every mode to read. */
final class ReadingLoader {

    private ReadingLoader() {
    }

    static void load(String bootstrapServers, String topic, long count, int machines) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        RegimeSimulator simulator = RegimeSimulator.builder().seed(7).machines(machines)
                .startMillis(System.currentTimeMillis() - count).intervalMillis(1).build();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(BenchKafka.producerProperties(bootstrapServers),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < count && failure.get() == null; i++) {
                Reading reading = simulator.next().reading();
                producer.send(new ProducerRecord<>(topic, BenchKafka.key(reading.machineId()), RecordCodec.toJson(reading)),
                        (metadata, e) -> {
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
    }

}
