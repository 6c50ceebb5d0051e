package io.regimestream.job.reliability;

import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.job.testing.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
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
    /** When the broker acknowledged each reading ({@link System#nanoTime()}), 0 until then. */
    private final AtomicLongArray acknowledgedNanos;

    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Thread thread;
    private int batch = 100;
    private long pauseMillis = 100;

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
        acknowledgedNanos = new AtomicLongArray(count);
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
        long now = System.nanoTime();
        for (int i = from; i < to; i++) {
            acknowledgedNanos.set(i, now);
        }
        sent.set(to);
    }

    /**
     * How far behind an output is at {@code nowNanos}: the age of the oldest reading the broker
     * acknowledged whose key is not among {@code answered} (e.g. the predictions a consumer sees);
     * zero when every acknowledged reading is answered.
     */
    Duration behind(Collection<String> answered, long nowNanos) {
        Set<String> seen = new HashSet<>(answered);
        for (int i = 0; i < sent.get(); i++) {
            Reading r = readings.get(i);
            long acknowledged = acknowledgedNanos.get(i);
            if (acknowledged != 0 && !seen.contains(r.machineId() + "|" + r.timestamp())) {
                return Duration.ofNanos(Math.max(0, nowNanos - acknowledged));
            }
        }
        return Duration.ZERO;
    }

    /** Sends everything in batches of {@code batch}, pausing {@code pauseMillis} between them, in the background. */
    /** Sends everything in the background at this feed's pace ({@link #pace}; 100 readings every 100 ms unless set). */
    ReadingFeed startSending(KafkaTopics kafka, String topic) {
        return startSending(kafka, topic, batch, pauseMillis);
    }

    /** Sends {@code batch} readings, then pauses {@code pauseMillis}, and so on: a slower pace lasts longer. */
    ReadingFeed pace(int batch, long pauseMillis) {
        this.batch = batch;
        this.pauseMillis = pauseMillis;
        return this;
    }

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
