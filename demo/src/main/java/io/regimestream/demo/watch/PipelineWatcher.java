package io.regimestream.demo.watch;

import io.regimestream.common.codec.DeadLetterCodec;
import io.regimestream.common.codec.ModelDriftCodec;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.ModelDrift;
import io.regimestream.common.records.Prediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what the job wrote to Kafka (predictions, dead letters and model-drift events,
 * read_committed so that exactly-once output is seen as consumers see it) and keeps what the demo
 * shows: counts, the latest prediction and drift event per machine, and the predictions and drift
 * events for the final chart.
 */
public final class PipelineWatcher implements AutoCloseable {

    /** Predictions kept for the chart; older ones are dropped so a long demo stays small. */
    private static final int KEPT_FOR_CHART = 50_000;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final AtomicLong scored = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final Map<String, Prediction> latest = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> deadLettersByReason = new ConcurrentHashMap<>();
    private final java.util.ArrayDeque<Prediction> forChart = new java.util.ArrayDeque<>();
    private final Map<String, ModelDrift> latestDrift = new ConcurrentHashMap<>();
    private final List<ModelDrift> driftEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    public PipelineWatcher(Properties kafkaClient) {
        Properties p = new Properties();
        p.putAll(kafkaClient);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "regime-stream-demo-watcher");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(
                PipelineDefaults.PREDICTIONS_TOPIC,
                PipelineDefaults.DEAD_LETTER_TOPIC,
                PipelineDefaults.MODEL_DRIFT_TOPIC));
        thread = new Thread(this::run, "demo-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    if (PipelineDefaults.PREDICTIONS_TOPIC.equals(r.topic())) {
                        Prediction p = PredictionCodec.fromJson(r.value());
                        scored.incrementAndGet();
                        latest.put(p.machineId(), p);
                        synchronized (forChart) {
                            forChart.addLast(p);
                            if (forChart.size() > KEPT_FOR_CHART) {
                                forChart.removeFirst();
                            }
                        }
                    } else if (PipelineDefaults.MODEL_DRIFT_TOPIC.equals(r.topic())) {
                        ModelDrift d = ModelDriftCodec.fromJson(r.value());
                        if (!d.overall()) {
                            latestDrift.put(d.machineId(), d);
                            driftEvents.add(d);
                        }
                    } else {
                        DeadLetter d = DeadLetterCodec.fromJson(r.value());
                        deadLetters.incrementAndGet();
                        deadLettersByReason
                                .computeIfAbsent(d.reason().code(), k -> new AtomicLong())
                                .incrementAndGet();
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() woke us up
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    public long scored() {
        return scored.get();
    }

    public long deadLetters() {
        return deadLetters.get();
    }

    /** The latest prediction of each machine, by machine id. */
    public Map<String, Prediction> latestByMachine() {
        return new TreeMap<>(latest);
    }

    /** The latest model-drift event of each machine that had one, by machine id. */
    public Map<String, ModelDrift> latestDriftByMachine() {
        return new TreeMap<>(latestDrift);
    }

    /** Every machine's model-drift events so far, for the chart. */
    public List<ModelDrift> driftEvents() {
        return List.copyOf(driftEvents);
    }

    public Map<String, Long> deadLettersByReason() {
        Map<String, Long> out = new TreeMap<>();
        deadLettersByReason.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public List<Prediction> predictionsForChart() {
        synchronized (forChart) {
            return new ArrayList<>(forChart);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
