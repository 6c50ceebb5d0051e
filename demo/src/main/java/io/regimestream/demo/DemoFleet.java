package io.regimestream.demo;

import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.producer.publish.ReadingPublisher;
import io.regimestream.producer.sources.ReadingSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The demo's machines: the producer's {@link ReadingPublisher} on a thread of its own, plus now
 * and then a malformed record, so the dead-letter path shows up on the board too.
 */
final class DemoFleet implements AutoCloseable {

    /** What a broken machine or a wrong client might send; each lands in the DLQ with its reason. */
    private static final List<String> MALFORMED = List.of(
            "not json at all",
            "{\"machineId\":\"press-01\",\"temperature\":\"hot\"}",
            "{\"machineId\":\"press-02\",\"temperature\":NaN}",
            "{\"machineId\":\"press-03\",\"temperature\":999.0}",
            "{\"machineId\":\"press-01\"}");

    private final ReadingPublisher publisher;
    private final Thread publishing;
    private final KafkaProducer<byte[], byte[]> malformed;
    private final Thread injecting;
    private final AtomicLong malformedSent = new AtomicLong();
    private volatile boolean running = true;

    DemoFleet(Properties kafka, ReadingSource source, double rate, int badEvery) {
        publisher = ReadingPublisher.builder()
                .kafkaProperties(kafka)
                .topic(PipelineDefaults.READINGS_TOPIC)
                .source(source)
                .ratePerSecond(rate)
                .build();
        publishing = new Thread(
                () -> {
                    try {
                        publisher.run();
                    } catch (Exception e) {
                        System.err.println("producer stopped: " + e.getMessage());
                    }
                },
                "demo-producer");
        publishing.start();

        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        malformed = badEvery > 0 ? new KafkaProducer<>(p) : null;
        long pauseMillis = badEvery > 0 ? Math.max(100, (long) (1000.0 * badEvery / Math.max(rate, 0.1))) : 0;
        injecting = new Thread(() -> injectMalformed(pauseMillis), "demo-malformed");
        if (malformed != null) {
            injecting.start();
        }
    }

    private void injectMalformed(long pauseMillis) {
        int i = 0;
        try {
            while (running) {
                Thread.sleep(pauseMillis);
                String payload = MALFORMED.get(i++ % MALFORMED.size());
                malformed
                        .send(new ProducerRecord<>(
                                PipelineDefaults.READINGS_TOPIC, payload.getBytes(StandardCharsets.UTF_8)))
                        .get();
                malformedSent.incrementAndGet();
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("malformed-record sender stopped: " + e.getMessage());
        }
    }

    /** Readings and malformed records the broker acknowledged. */
    long sent() {
        return publisher.progress().sent() + malformedSent.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        publisher.stop();
        publishing.join(30_000);
        if (malformed != null) {
            injecting.interrupt();
            injecting.join(5_000);
            malformed.close();
        }
    }
}
