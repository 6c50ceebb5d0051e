package io.regimestream.benchmarks.e2e;

import io.regimestream.common.codec.RecordCodec;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.job.RegimeScoringPipeline;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.localservices.KafkaBrokerProcess;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event-to-output latency of the running job at a fixed input rate: each reading carries its
 * send time as event time; a consumer of the output topic subtracts it from the time it receives
 * the prediction. Kafka in, Flink, Kafka out and the consumer's fetch are all inside the number.
 */
final class LatencyMode {

    private static final Logger LOG = LoggerFactory.getLogger(LatencyMode.class);
    private static final Duration WARM_UP = Duration.ofSeconds(5);

    private final KafkaBrokerProcess broker;
    private final Path model;
    private final int partitions;
    private final int parallelism;
    private final boolean objectReuse;

    LatencyMode(KafkaBrokerProcess broker, Path model, int partitions, int parallelism, boolean objectReuse) {
        this.broker = broker;
        this.model = model;
        this.partitions = partitions;
        this.parallelism = parallelism;
        this.objectReuse = objectReuse;
    }

    Map<String, Object> run(String mode, DeliveryMode delivery, int rate, int seconds) throws Exception {
        String input = "bench-latency-in-" + mode;
        broker.createTopic(input, partitions, Map.of());
        broker.createTopic(Topics.output(mode), partitions, Map.of());
        broker.createTopic(Topics.deadLetters(mode), partitions, Map.of());
        StreamExecutionEnvironment env = FlinkRuns.environment(parallelism, objectReuse);
        // The job's own Kafka settings (linger 5 ms), nothing tuned for the benchmark.
        RegimeScoringPipeline.build(env, FlinkRuns.config(broker.bootstrapServers(), mode, input, model, delivery, null,
                parallelism, false, new Properties()));
        JobClient job = env.executeAsync("bench " + mode);
        try (KafkaConsumer<byte[], byte[]> consumer = outputConsumer(Topics.output(mode))) {
            long measureFrom = System.currentTimeMillis() + WARM_UP.toMillis();
            long measureUntil = measureFrom + seconds * 1000L;
            AtomicLong sentInWindow = new AtomicLong();
            Thread producer = new Thread(() -> sentInWindow.set(produce(input, rate, WARM_UP.toSeconds() + seconds, measureFrom, measureUntil)),
                    "latency-producer");
            producer.setDaemon(true);
            producer.start();
            long[] latencies = new long[(int) Math.min(Integer.MAX_VALUE - 8, (long) rate * seconds * 2)];
            int n = 0;
            long deadline = measureUntil + Math.max(30_000, FlinkRuns.CHECKPOINT_INTERVAL.toMillis() * 3);
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long received = System.currentTimeMillis();
                    Prediction p = RecordCodec.parsePrediction(record.value());
                    if (p.timestamp() >= measureFrom && p.timestamp() < measureUntil && n < latencies.length) {
                        latencies[n++] = received - p.timestamp();
                    }
                }
                if (!producer.isAlive() && n >= sentInWindow.get()) {
                    break;
                }
            }
            producer.join();
            return summary(mode, delivery, rate, seconds, sentInWindow.get(), Arrays.copyOf(latencies, n));
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    private Map<String, Object> summary(String mode, DeliveryMode delivery, int rate, int seconds, long sent, long[] latencies) {
        Arrays.sort(latencies);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", mode);
        result.put("delivery", delivery.option());
        result.put("ratePerSecond", rate);
        result.put("seconds", seconds);
        result.put("sent", sent);
        result.put("received", latencies.length);
        result.put("p50Ms", percentile(latencies, 0.50));
        result.put("p95Ms", percentile(latencies, 0.95));
        result.put("p99Ms", percentile(latencies, 0.99));
        result.put("maxMs", latencies.length == 0 ? -1 : latencies[latencies.length - 1]);
        LOG.info("{} latency at {}/s for {} s: p50 {} ms, p95 {} ms, p99 {} ms, max {} ms ({} of {} predictions)", mode, rate, seconds,
                result.get("p50Ms"), result.get("p95Ms"), result.get("p99Ms"), result.get("maxMs"), latencies.length, sent);
        return result;
    }

    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    /**
     * Sends {@code rate} readings per second, paced per millisecond, each stamped with its send time.
     *
     * @return how many were stamped within [from, until): the predictions the consumer should see
     */
    private long produce(String topic, int rate, long seconds, long from, long until) {
        long inWindow = 0;
        Properties props = BenchKafka.producerProperties(broker.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1"); // a sensor sends promptly
        RegimeSimulator simulator = RegimeSimulator.builder().seed(11).machines(16).build();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            long total = rate * seconds;
            for (long sent = 0; sent < total; ) {
                long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
                for (; sent < due; sent++) {
                    Reading r = simulator.next().reading();
                    Reading now = new Reading(r.machineId(), System.currentTimeMillis(), r.temperature());
                    inWindow += now.timestamp() >= from && now.timestamp() < until ? 1 : 0;
                    producer.send(new ProducerRecord<>(topic, BenchKafka.key(now.machineId()), RecordCodec.toJson(now)));
                }
                sleepAboutAMillisecond();
            }
        }
        return inWindow;
    }

    private KafkaConsumer<byte[], byte[]> outputConsumer(String topic) {
        Properties props = BenchKafka.consumerProperties(broker.bootstrapServers());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> all = RawLoop.partitions(broker.bootstrapServers(), topic);
        consumer.assign(all);
        consumer.seekToBeginning(all);
        return consumer;
    }

    private static void sleepAboutAMillisecond() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
