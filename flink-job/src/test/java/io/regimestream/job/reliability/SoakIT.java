package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.job.sinks.InfluxSinks;
import io.regimestream.job.testing.JobJar;
import io.regimestream.job.testing.TestFlink;
import io.regimestream.localservices.FlinkCluster;
import io.regimestream.localservices.FlinkRest;
import io.regimestream.localservices.junit.FlinkClusterExtension;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The soak test of issue 22: the shaded job jar on a real Flink standalone cluster (a JobManager
 * and a TaskManager, each its own JVM, the project's recommended settings: checkpoints every 10 s,
 * exactly-once), a real Kafka broker and a real influxd, fed 2,000 readings/s from 100 machines for
 * {@code -Dsoak.duration} (default 30 minutes; {@code 5m}, {@code 90s} for a shorter check). One
 * third in, influxd is stopped for {@code -Dsoak.influx-outage} (default 30 s) and started again;
 * two thirds in, the TaskManager is killed with SIGKILL and a new one started.
 *
 * <p>Sampled all along: the TaskManager's heap after a full GC ({@code jcmd GC.run}, then {@code
 * GC.heap_info}), the size of the latest completed checkpoint, and the consumer lag of the scoring
 * job's group on the readings and of the InfluxDB writer's group on the points topic. They must
 * stay flat (bounds below); and at the end every reading is exactly one prediction (read_committed)
 * and one InfluxDB point. In the long set ({@code -Plong-tests}); run alone for figures:
 * {@code ./mvnw -B -pl flink-job -am verify -Plong-tests -Dit.test=SoakIT -Dsoak.duration=5m}.
 */
@Tag("long")
class SoakIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    @RegisterExtension
    static final FlinkClusterExtension FLINK = new FlinkClusterExtension(TestFlink::recommended);

    private static final Duration DURATION = duration("soak.duration", "30m");
    private static final Duration INFLUX_OUTAGE = duration("soak.influx-outage", "30s");
    private static final int READINGS_PER_SECOND = 2_000;
    private static final int MACHINES = 100;
    /** Each machine's readings are this far apart, so event time keeps pace with the wall clock. */
    private static final long INTERVAL_MILLIS = 1_000L * MACHINES / READINGS_PER_SECOND;
    /** The recommended checkpoint interval (flink-job/conf/config.yaml). */
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    /** One sample a minute in the full run, every 20 s in a short one. */
    private static final Duration SAMPLE_EVERY =
            clamp(DURATION.dividedBy(30), Duration.ofSeconds(20), Duration.ofMinutes(1));
    /** Samples before this are warm-up (JIT, the first checkpoints, Kafka's buffers): not a baseline. */
    private static final Duration WARM_UP =
            clamp(DURATION.dividedBy(10), Duration.ofSeconds(40), Duration.ofMinutes(3));
    /** Lag that is no backlog: what two checkpoint intervals and 20 s of readings make. */
    private static final long STEADY_LAG_BOUND = READINGS_PER_SECOND * (2 * CHECKPOINT_INTERVAL.toSeconds() + 20);

    private static final long HEAP_SLACK_BYTES = 64L << 20;
    private static final long CHECKPOINT_SLACK_BYTES = 64L << 10;
    private static final Duration PATIENCE = Duration.ofMinutes(5);
    private static final String DATABASE = "regimes_soak";
    private static final String GROUP = "soak";

    /** One look at the running job. */
    record Sample(
            double atSeconds,
            long taskManagerPid,
            long heapAfterFullGcBytes,
            long checkpointId,
            long checkpointBytes,
            long scoringLagMin,
            long scoringLagMax,
            long writerLagMin,
            long writerLagMax) {}

    /** A fault and how long the job took to get over it. */
    record Fault(String what, double atSeconds, double lastedSeconds, double recoveredAfterSeconds) {}

    @Test
    void twoThousandReadingsASecondThroughAnInfluxRestartAndATaskManagerKillWithFlatHeapCheckpointsAndLag()
            throws Exception {
        FlinkCluster flink = FLINK.cluster();
        String[] topics = {
            "readings-soak", "regimes-soak", "dlq-soak", "models-soak", "status-soak", "changes-soak", "drift-soak"
        };
        KAFKA.broker().createTopic(topics[0], 2);
        KAFKA.broker().createTopic(topics[1], 2);
        for (int i = 2; i < topics.length; i++) {
            KAFKA.broker().createTopic(topics[i], 1);
        }
        String pointsTopic = PipelineDefaults.influxPointsTopic(DATABASE);
        KAFKA.broker().createTopic(pointsTopic, 1);
        FlinkRest rest = flink.rest();
        FlinkRest.Answer run = rest.runJar(
                rest.uploadJar(JobJar.path()),
                List.of(
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--input-topic",
                        topics[0],
                        "--output-topic",
                        topics[1],
                        "--dlq-topic",
                        topics[2],
                        "--model-topic",
                        topics[3],
                        "--model-status-topic",
                        topics[4],
                        "--regime-changes-topic",
                        topics[5],
                        "--drift-topic",
                        topics[6],
                        "--group-id",
                        GROUP,
                        "--transactional-id-prefix",
                        GROUP,
                        "--starting-offsets",
                        "earliest",
                        "--model",
                        TestModels.committed().toString(),
                        "--allow-unsigned-models", // no announcements here: the model comes from --model
                        "--influxdb-url",
                        INFLUX.url(),
                        "--influxdb-database",
                        DATABASE),
                2,
                null);
        assertThat(run.ok()).as("jar run: %s", run.body()).isTrue();
        String job = run.body().path("jobid").asText();
        await().atMost(PATIENCE).until(() -> "RUNNING".equals(rest.jobState(job)));

        Feed feed = new Feed(KAFKA.broker().clientProperties(), topics[0]);
        List<Sample> samples = new CopyOnWriteArrayList<>();
        List<Fault> faults = new ArrayList<>();
        try (Admin admin = KAFKA.broker().admin()) {
            Lag lag = new Lag(admin, topics[0], pointsTopic);
            Thread sampler = sampler(flink, job, lag, feed, samples);
            feed.start();
            sampler.start();

            sleepUntil(feed, DURATION.dividedBy(3));
            double influxDown = feed.seconds();
            INFLUX.server().stop();
            Thread.sleep(INFLUX_OUTAGE.toMillis());
            INFLUX.server().start();
            double influxUp = feed.seconds();
            long pointsAtReturn = lag.pointsEnd();
            await().atMost(PATIENCE).until(() -> lag.writerCommitted() >= pointsAtReturn);
            faults.add(new Fault(
                    "influxd stopped and started", influxDown, influxUp - influxDown, feed.seconds() - influxUp));

            sleepUntil(feed, DURATION.multipliedBy(2).dividedBy(3));
            double killed = feed.seconds();
            long readingsAtKill = lag.readingsEnd();
            flink.killTaskManager(0);
            flink.restartTaskManager(0);
            double replaced = feed.seconds();
            await().atMost(PATIENCE).until(() -> "RUNNING".equals(rest.jobState(job)));
            await().atMost(PATIENCE).until(() -> lag.scoringCommitted() >= readingsAtKill);
            faults.add(new Fault(
                    "TaskManager killed (SIGKILL) and a new one started",
                    killed,
                    replaced - killed,
                    feed.seconds() - replaced));

            feed.awaitEnd();
            sampler.interrupt();
            sampler.join();
            long sent = feed.sent();
            await("every reading scored and committed, every point in InfluxDB")
                    .atMost(PATIENCE)
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> lag.scoringCommitted() >= sent
                            && INFLUX.server().count(DATABASE, "SELECT count(\"temperature\") FROM machine_regime")
                                    >= sent);
            Thread.sleep(CHECKPOINT_INTERVAL.toMillis()); // a late duplicate would show by now

            Counted predictions = countPredictions(topics[1], sent);
            long points = INFLUX.server().count(DATABASE, "SELECT count(\"temperature\") FROM machine_regime");
            JsonNode checkpoints = rest.get("/jobs/" + job + "/checkpoints").body();
            ReliabilityReport.of("soak")
                    .put("durationSeconds", DURATION.toSeconds())
                    .put("readingsSent", sent)
                    .put("readingsPerSecondAchieved", Math.round(sent / feed.sendingSeconds()))
                    .put("predictions.out", predictions.distinct() + predictions.duplicated())
                    .put("predictions.lost", sent - predictions.distinct())
                    .put("predictions.duplicated", predictions.duplicated())
                    .put("predictions.unexpected", predictions.unexpected())
                    .put("influxPointCount", points)
                    .put("checkpoints", checkpoints.path("counts"))
                    .put("restoredFrom", checkpoints.path("latest").path("restored"))
                    .put("faults", faults)
                    .put("samples", samples)
                    .put("loadAverageAtEnd", loadAverage())
                    .write();

            assertThat(sent / feed.sendingSeconds())
                    .as("readings per second sent")
                    .isGreaterThan(0.9 * READINGS_PER_SECOND);
            assertThat(predictions.unexpected())
                    .as("predictions of readings never sent")
                    .isZero();
            assertThat(predictions.distinct())
                    .as("readings with a prediction, of %d sent", sent)
                    .isEqualTo(sent);
            assertThat(predictions.duplicated())
                    .as("duplicated predictions (read_committed)")
                    .isZero();
            assertThat(points).as("InfluxDB points (count of distinct points)").isEqualTo(sent);
            assertThat(checkpoints.path("counts").path("restored").asLong())
                    .as(
                            "restores from a checkpoint (the TaskManager kill): %s",
                            checkpoints.path("latest").path("restored"))
                    .isPositive();
            assertThat(rest.jobState(job)).isEqualTo("RUNNING");
            assertFlat(samples, faults);
        } finally {
            feed.stop();
            if (rest.runningJobIds().contains(job)) {
                rest.cancel(job);
            }
        }
    }

    /**
     * Heap after a full GC: within a TaskManager process, no sample after its warm-up (from the
     * process's first sample) is more than 50 % (and 64 MiB) above the first one after it. Checkpoint size: no sample after warm-up above
     * twice the first one (and 64 KiB). Lag: every sample outside a fault's window (from the fault
     * to one sample after it was over) below what two checkpoint intervals and 20 s of readings
     * make; a backlog that grows, at any pace above a few percent of the input, crosses it.
     */
    private static void assertFlat(List<Sample> samples, List<Fault> faults) {
        Map<Long, Sample> startOfProcess = new HashMap<>();
        samples.forEach(s -> startOfProcess.putIfAbsent(s.taskManagerPid(), s));
        List<Sample> steady = samples.stream()
                .filter(s -> s.atSeconds() >= WARM_UP.toSeconds())
                .toList();
        assertThat(steady).as("samples after warm-up").hasSizeGreaterThanOrEqualTo(4);
        Map<Long, Sample> firstOfProcess = new HashMap<>();
        Sample firstCheckpoint = null;
        for (Sample s : steady) {
            Sample started = startOfProcess.get(s.taskManagerPid());
            if (s.heapAfterFullGcBytes() > 0 && s.atSeconds() >= started.atSeconds() + WARM_UP.toSeconds()) {
                Sample first = firstOfProcess.computeIfAbsent(s.taskManagerPid(), pid -> s);
                assertThat(s.heapAfterFullGcBytes())
                        .as(
                                "heap after full GC at %.0f s (TaskManager %d's first: %d bytes at %.0f s)",
                                s.atSeconds(), s.taskManagerPid(), first.heapAfterFullGcBytes(), first.atSeconds())
                        .isLessThanOrEqualTo(Math.max(
                                first.heapAfterFullGcBytes() * 3 / 2, first.heapAfterFullGcBytes() + HEAP_SLACK_BYTES));
            }
            if (s.checkpointBytes() > 0) {
                if (firstCheckpoint == null) {
                    firstCheckpoint = s;
                }
                assertThat(s.checkpointBytes())
                        .as(
                                "checkpoint %d's size at %.0f s (first after warm-up: %d bytes)",
                                s.checkpointId(), s.atSeconds(), firstCheckpoint.checkpointBytes())
                        .isLessThanOrEqualTo(2 * firstCheckpoint.checkpointBytes() + CHECKPOINT_SLACK_BYTES);
            }
            if (outsideFaults(s, faults)) {
                assertThat(s.scoringLagMin())
                        .as("scoring lag at %.0f s, its low over a checkpoint interval", s.atSeconds())
                        .isLessThan(STEADY_LAG_BOUND);
                assertThat(s.writerLagMin())
                        .as("InfluxDB writer lag at %.0f s, its low over a checkpoint interval", s.atSeconds())
                        .isLessThan(STEADY_LAG_BOUND);
            }
        }
        assertThat(firstCheckpoint).as("a checkpoint size was sampled").isNotNull();
    }

    private static boolean outsideFaults(Sample s, List<Fault> faults) {
        for (Fault f : faults) {
            double over = f.atSeconds() + f.lastedSeconds() + f.recoveredAfterSeconds() + SAMPLE_EVERY.toSeconds();
            if (s.atSeconds() >= f.atSeconds() && s.atSeconds() <= over) {
                return false;
            }
        }
        return true;
    }

    private static Thread sampler(FlinkCluster flink, String job, Lag lag, Feed feed, List<Sample> samples) {
        Thread thread = new Thread(
                () -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            Thread.sleep(SAMPLE_EVERY.toMillis());
                            try {
                                samples.add(sample(flink, job, lag, feed));
                            } catch (RuntimeException e) { // e.g. the broker slow to answer: the next sample will do
                                System.out.println("[soak] no sample at " + feed.seconds() + " s: " + e);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "soak-sampler");
        thread.setDaemon(true);
        return thread;
    }

    /** A sample; a part that cannot be read right now (TaskManager being replaced) is -1. */
    private static Sample sample(FlinkCluster flink, String job, Lag lag, Feed feed) {
        double at = feed.seconds();
        long pid = -1;
        long heap = -1;
        try {
            pid = flink.taskManagerPid(0);
            heap = heapAfterFullGc(pid);
        } catch (RuntimeException e) {
            System.out.println("[soak] no heap sample at " + at + " s: " + e);
        }
        long checkpointId = -1;
        long checkpointBytes = -1;
        try {
            JsonNode completed = flink.rest()
                    .get("/jobs/" + job + "/checkpoints")
                    .body()
                    .path("latest")
                    .path("completed");
            checkpointId = completed.path("id").asLong(-1);
            checkpointBytes = completed.path("state_size").asLong(-1);
        } catch (RuntimeException e) {
            System.out.println("[soak] no checkpoint sample at " + at + " s: " + e);
        }
        // Kafka's lag of a group that commits on checkpoints saws between ~0 and a checkpoint interval
        // of records: its low over one interval is the backlog, its high that plus an interval.
        long[] scoring = {Long.MAX_VALUE, 0};
        long[] writer = {Long.MAX_VALUE, 0};
        long until = System.nanoTime() + CHECKPOINT_INTERVAL.plusSeconds(2).toNanos();
        try {
            while (System.nanoTime() < until) {
                long r = lag.readingsEnd() - lag.scoringCommitted();
                long w = lag.pointsEnd() - lag.writerCommitted();
                scoring[0] = Math.min(scoring[0], r);
                scoring[1] = Math.max(scoring[1], r);
                writer[0] = Math.min(writer[0], w);
                writer[1] = Math.max(writer[1], w);
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Sample s =
                new Sample(at, pid, heap, checkpointId, checkpointBytes, scoring[0], scoring[1], writer[0], writer[1]);
        System.out.println("[soak] " + s);
        return s;
    }

    /** {@code jcmd PID GC.run} (a full GC), then the heap in use as {@code jcmd PID GC.heap_info} reports it. */
    static long heapAfterFullGc(long pid) {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        long usedKiB = 0;
        Matcher used = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        while (used.find()) { // G1: one heap line; other collectors: a line per generation
            usedKiB += Long.parseLong(used.group(1));
        }
        if (usedKiB == 0) {
            throw new IllegalStateException("no heap figure in jcmd GC.heap_info: " + info);
        }
        return usedKiB << 10;
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            throw new IllegalStateException("the soak test needs a JDK's jcmd, not found at " + jcmd
                    + ": install a JDK 17 (e.g. 'apt-get install openjdk-17-jdk-headless')");
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The committed and end offsets of the scoring job's readings and of the InfluxDB writer's points topic. */
    private record Lag(Admin admin, String readings, String points) {
        long readingsEnd() {
            return GroupOffsets.end(admin, readings);
        }

        long pointsEnd() {
            return GroupOffsets.end(admin, points);
        }

        long scoringCommitted() {
            return GroupOffsets.committed(admin, GROUP, readings);
        }

        long writerCommitted() {
            return GroupOffsets.committed(admin, GROUP + InfluxSinks.WRITER_GROUP_SUFFIX, points);
        }
    }

    /** Predictions read back (read_committed), by reading: each is reading number k x MACHINES + machine. */
    record Counted(long distinct, long duplicated, long unexpected) {}

    private Counted countPredictions(String topic, long sent) {
        Properties props = new Properties();
        props.putAll(KAFKA.broker().clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        BitSet seen = new BitSet();
        long distinct = 0;
        long duplicated = 0;
        long unexpected = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    long n = Feed.number(PredictionCodec.fromJson(r.value()));
                    if (n < 0 || n >= sent) {
                        unexpected++;
                    } else if (seen.get((int) n)) {
                        duplicated++;
                    } else {
                        seen.set((int) n);
                        distinct++;
                    }
                }
            }
        }
        return new Counted(distinct, duplicated, unexpected);
    }

    /**
     * Simulated readings at {@link #READINGS_PER_SECOND}, sent from a thread of their own in step
     * with the clock; reading n is machine n % MACHINES's (n / MACHINES)-th, at start + that x
     * {@link #INTERVAL_MILLIS}.
     */
    private static final class Feed {

        private static final long START_MILLIS = System.currentTimeMillis();

        private final Properties producerSettings = new Properties();
        private final String topic;
        private final RegimeSimulator simulator = RegimeSimulator.builder()
                .machines(MACHINES)
                .seed(22)
                .startMillis(START_MILLIS)
                .intervalMillis(INTERVAL_MILLIS)
                .build();
        private final AtomicLong sent = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread = new Thread(this::send, "soak-feed");
        private volatile long startNanos;
        private volatile long endNanos;
        private volatile boolean stopped;

        Feed(Map<String, Object> clientProperties, String topic) {
            producerSettings.putAll(clientProperties);
            producerSettings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            producerSettings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            producerSettings.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            this.topic = topic;
            thread.setDaemon(true);
        }

        static long number(Prediction p) {
            String id = p.machineId();
            int machine = Integer.parseInt(id.substring(id.indexOf('-') + 1)) - 1;
            long k = (p.timestamp() - START_MILLIS) / INTERVAL_MILLIS;
            return machine < 0 || machine >= MACHINES ? -1 : k * MACHINES + machine;
        }

        void start() {
            startNanos = System.nanoTime();
            thread.start();
        }

        private void send() {
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings)) {
                long total = READINGS_PER_SECOND * DURATION.toSeconds();
                while (!stopped && sent.get() < total) {
                    long due = Math.min(total, (System.nanoTime() - startNanos) * READINGS_PER_SECOND / 1_000_000_000L);
                    int batch = (int) Math.min(1_000, due - sent.get());
                    if (batch <= 0) {
                        Thread.sleep(100);
                        continue;
                    }
                    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(batch);
                    for (int i = 0; i < batch; i++) {
                        Reading r = simulator.next().reading();
                        records.add(new ProducerRecord<>(
                                topic, r.machineId().getBytes(StandardCharsets.UTF_8), ReadingCodec.toJson(r)));
                    }
                    List<Future<RecordMetadata>> acks = new ArrayList<>(batch);
                    for (ProducerRecord<byte[], byte[]> r : records) {
                        acks.add(producer.send(r));
                    }
                    for (Future<RecordMetadata> ack : acks) {
                        ack.get(); // in order and acknowledged before it counts as sent
                    }
                    sent.addAndGet(batch);
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                endNanos = System.nanoTime();
            }
        }

        long sent() {
            return sent.get();
        }

        double seconds() {
            return (System.nanoTime() - startNanos) / 1e9;
        }

        double sendingSeconds() {
            return (endNanos - startNanos) / 1e9;
        }

        void awaitEnd() throws InterruptedException {
            thread.join();
            if (failure.get() != null) {
                throw new IllegalStateException("sending the readings failed", failure.get());
            }
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join(TimeUnit.MINUTES.toMillis(1));
        }
    }

    private static void sleepUntil(Feed feed, Duration at) throws InterruptedException {
        long wait = (long) (at.toMillis() - feed.seconds() * 1000);
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A duration from a system property: {@code 30m}, {@code 90s}, {@code 1h}. */
    private static Duration duration(String property, String fallback) {
        String value = System.getProperty(property, fallback).trim();
        try {
            return Duration.parse("PT" + value.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "-D" + property + "=" + value + " is not a duration: write e.g. 30m, 90s or 1h", e);
        }
    }

    private static Duration clamp(Duration d, Duration min, Duration max) {
        return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
    }
}
