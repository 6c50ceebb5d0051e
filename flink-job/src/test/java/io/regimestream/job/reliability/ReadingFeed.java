package io.regimestream.job.reliability;

import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.job.testing.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A known stream of simulated readings, sent in batches from a background thread so a fault can
 * strike while the job is busy. Each reading is identified by {@code machine|timestamp}, the key
 * {@link ScoringJobs#key} gives its prediction.
 */
final class ReadingFeed {

    private final List<Reading> readings = new ArrayList<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Thread thread;

    ReadingFeed(int count, long seed) {
        RegimeSimulator simulator = RegimeSimulator.builder()
                .machines(4)
                .seed(seed)
                .startMillis(1_764_213_600_000L)
                .intervalMillis(1000)
                .build();
        for (int i = 0; i < count; i++) {
            readings.add(simulator.next().reading());
        }
    }

    List<String> keys() {
        return readings.stream().map(r -> r.machineId() + "|" + r.timestamp()).toList();
    }

    int size() {
        return readings.size();
    }

    /** Sends readings {@code [from, to)} now and waits for the broker's acknowledgements. */
    void sendRange(KafkaTopics kafka, String topic, int from, int to) {
        List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>();
        for (Reading r : readings.subList(from, to)) {
            batch.add(new ProducerRecord<>(
                    topic, r.machineId().getBytes(StandardCharsets.UTF_8), ReadingCodec.toJson(r)));
        }
        kafka.send(topic, batch);
        sent.set(to);
    }

    /** Sends everything in batches of {@code batch}, pausing {@code pauseMillis} between them, in the background. */
    ReadingFeed startSending(KafkaTopics kafka, String topic, int batch, long pauseMillis) {
        thread = new Thread(
                () -> {
                    try {
                        for (int from = 0; from < readings.size(); from += batch) {
                            sendRange(kafka, topic, from, Math.min(readings.size(), from + batch));
                            Thread.sleep(pauseMillis);
                        }
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                },
                "reading-feed");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    int sent() {
        return sent.get();
    }

    /** Waits until the background sending is done; rethrows its failure. */
    void awaitAllSent() throws InterruptedException {
        thread.join();
        if (failure.get() != null) {
            throw new IllegalStateException("sending the readings failed", failure.get());
        }
    }
}
