package io.regimestream.benchmarks.e2e;

import io.regimestream.common.codec.CompactPredictionCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.CompactPrediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.job.KafkaPipelineIo;
import io.regimestream.job.RegimeScoringPipeline;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.OutputSettings;
import io.regimestream.localservices.KafkaBrokerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
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

/**
 * Event-to-output latency at a fixed input rate: each reading carries its send time (stamped by
 * the producer) as event time; a {@code read_committed} consumer of the output topic subtracts
 * it from its own receive clock. Kafka in, the pipeline, Kafka out, the transaction commit
 * (exactly-once) and the consumer's fetch are all inside the number. The pipeline is the job
 * (unbounded, the job's own Kafka settings) or the raw-job loop with the same settings.
 */
final class LatencyMode {

    private static final Logger LOG = LoggerFactory.getLogger(LatencyMode.class);

    private final KafkaBrokerProcess broker;
    private final Path model;
    private final int partitions;
    private final int parallelism;
    private final int machines;
    private final boolean objectReuse;
    private final int rate;
    private final Duration warmUp;
    private final int seconds;
    private final OutputSettings output;

    LatencyMode(
            KafkaBrokerProcess broker,
            Path model,
            int partitions,
            int parallelism,
            int machines,
            boolean objectReuse,
            int rate,
            Duration warmUp,
            int seconds,
            OutputSettings output) {
        this.broker = broker;
        this.model = model;
        this.partitions = partitions;
        this.parallelism = parallelism;
        this.machines = machines;
        this.objectReuse = objectReuse;
        this.rate = rate;
        this.warmUp = warmUp;
        this.seconds = seconds;
        this.output = output;
    }

    /** The job, with the given delivery and checkpoint interval (exactly-once output becomes visible at each commit). */
    Map<String, Object> flink(DeliveryMode delivery, Duration checkpointInterval) throws Exception {
        String run = "latency-flink-" + delivery.option() + "-cp" + checkpointInterval.toMillis() + "ms";
        JobConfig job = config(run, delivery);
        return measure("flink-" + delivery.option(), run, job, checkpointInterval, () -> {
            StreamExecutionEnvironment env =
                    FlinkRuns.environment(parallelism, objectReuse, checkpointInterval, new Configuration());
            RegimeScoringPipeline.build(env, job, KafkaPipelineIo.of(job));
            JobClient client = env.executeAsync("bench " + run);
            return () -> client.cancel().get(60, TimeUnit.SECONDS);
        });
    }

    /** The raw-job loop (the job's work and client settings, no framework). */
    Map<String, Object> rawJob() throws Exception {
        String run = "latency-raw-job";
        JobConfig job = config(run, DeliveryMode.AT_LEAST_ONCE);
        return measure("raw-job", run, job, null, () -> {
            AtomicBoolean stop = new AtomicBoolean();
            Thread loop = new Thread(
                    () -> {
                        try {
                            RawLoop.run(
                                    job.topics().readings(),
                                    parallelism,
                                    JobClients.consumer(job),
                                    JobClients.producer(job),
                                    () -> new RawJob(job),
                                    stop::get);
                        } catch (Exception e) {
                            LOG.error("the raw-job loop failed", e);
                        }
                    },
                    "latency-raw-job");
            loop.start();
            return () -> {
                stop.set(true);
                loop.join(60_000);
            };
        });
    }

    private JobConfig config(String run, DeliveryMode delivery) {
        // The job's own Kafka settings (its --producer-linger default), nothing tuned for the benchmark.
        return FlinkRuns.config(
                broker.bootstrapServers(),
                run,
                "bench-latency-in-" + run,
                model,
                delivery,
                null,
                new Properties(),
                output);
    }

    interface Pipeline {
        /** Starts the pipeline; the result stops it. */
        Stoppable start() throws Exception;
    }

    interface Stoppable {
        void stop() throws Exception;
    }

    private Map<String, Object> measure(
            String pipeline, String run, JobConfig job, Duration checkpointInterval, Pipeline start) throws Exception {
        broker.createTopic(job.topics().readings(), partitions, Map.of());
        for (String topic : Topics.ofRun(run)) {
            broker.createTopic(topic, partitions, Map.of());
        }
        double loadBefore = MachineInfo.loadAverage();
        Stoppable running = start.start();
        try (KafkaConsumer<byte[], byte[]> consumer =
                outputConsumer(job.topics().predictions())) {
            long measureFrom = System.currentTimeMillis() + warmUp.toMillis();
            long measureUntil = measureFrom + seconds * 1000L;
            AtomicLong sentInWindow = new AtomicLong();
            Thread producer = new Thread(
                    () -> sentInWindow.set(
                            produce(job.topics().readings(), warmUp.toSeconds() + seconds, measureFrom, measureUntil)),
                    "latency-producer");
            producer.setDaemon(true);
            producer.start();
            long[] latencies = new long[(int) Math.min(Integer.MAX_VALUE - 8, (long) rate * seconds * 2)];
            int n = 0;
            long grace = Math.max(30_000, checkpointInterval == null ? 0 : checkpointInterval.toMillis() * 3);
            long deadline = measureUntil + grace;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long received = System.currentTimeMillis();
                    CompactPrediction p = CompactPredictionCodec.fromJson(record.value()); // either format
                    if (p.timestamp() >= measureFrom && p.timestamp() < measureUntil && n < latencies.length) {
                        latencies[n++] = received - p.timestamp();
                    }
                }
                if (!producer.isAlive() && n >= sentInWindow.get()) {
                    break;
                }
            }
            producer.join();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("mode", "latency-" + pipeline);
            result.put("pipeline", pipeline);
            result.put("checkpointIntervalMs", checkpointInterval == null ? null : checkpointInterval.toMillis());
            result.put("consumer", "read_committed, receive clock minus the producer's send stamp");
            result.put("loadBefore", loadBefore);
            result.put("loadAfter", MachineInfo.loadAverage());
            result.putAll(Latencies.summary(
                    rate, warmUp.toSeconds(), seconds, sentInWindow.get(), Arrays.copyOf(latencies, n)));
            LOG.info(
                    "{} latency at {}/s for {} s{}: p50 {} ms, p95 {} ms, p99 {} ms, max {} ms ({} of {} predictions)",
                    pipeline,
                    rate,
                    seconds,
                    checkpointInterval == null ? "" : " (checkpoint every " + checkpointInterval.toMillis() + " ms)",
                    result.get("p50Ms"),
                    result.get("p95Ms"),
                    result.get("p99Ms"),
                    result.get("maxMs"),
                    result.get("received"),
                    result.get("sent"));
            return result;
        } finally {
            running.stop();
        }
    }

    /**
     * Sends {@code rate} readings per second, paced per millisecond, each stamped with its send time.
     *
     * @return how many were stamped within [from, until): the predictions the consumer should see
     */
    private long produce(String topic, long totalSeconds, long from, long until) {
        long inWindow = 0;
        Properties props = BenchKafka.producerProperties(broker.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1"); // a sensor sends promptly
        RegimeSimulator simulator =
                RegimeSimulator.builder().seed(11).machines(machines).build();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            long total = rate * totalSeconds;
            for (long sent = 0; sent < total; ) {
                long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
                for (; sent < due; sent++) {
                    Reading r = simulator.next().reading();
                    Reading now = new Reading(r.machineId(), System.currentTimeMillis(), r.temperature());
                    inWindow += now.timestamp() >= from && now.timestamp() < until ? 1 : 0;
                    producer.send(
                            new ProducerRecord<>(topic, BenchKafka.key(now.machineId()), ReadingCodec.toJson(now)));
                }
                sleepAboutAMillisecond();
            }
        }
        return inWindow;
    }

    private KafkaConsumer<byte[], byte[]> outputConsumer(String topic) {
        Properties props = BenchKafka.consumerProperties(broker.bootstrapServers()); // read_committed
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
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
