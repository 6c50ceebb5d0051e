package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.reliability.ScoringJobs.Topics;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.job.testing.TestFlink;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * influxd is stopped (or killed with SIGKILL) mid-stream and started again on the same data: the
 * job's InfluxDB writer retries with back-off and stops reading its Kafka topic meanwhile, and
 * afterwards every reading is exactly one point (a replay has the same series and time and
 * overwrites). The Kafka outputs and the checkpoints go on during the outage, however long, in
 * both delivery modes. Long: 40 s of outage by design in the first test, 20 s in two more.
 */
@Tag("long")
class InfluxOutageIT {

    static final Duration OUTAGE = Duration.ofSeconds(40);
    /** Scaled down: a checkpoint not complete within 2 s fails, and the job restarts at most twice. */
    static final Duration CHECKPOINT_TIMEOUT = Duration.ofSeconds(2);

    static final int RESTART_ATTEMPTS = 2;
    /** Far longer than (restart attempts + 1) x checkpoint timeout (6 s), after which the old job had failed for good. */
    static final Duration LONG_OUTAGE = Duration.ofSeconds(20);

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .build());

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @Test
    void everyReadingIsOnePointAfterAnInfluxOutage() throws Exception {
        String database = "regimes_outage";
        Topics topics = Topics.create(KAFKA.broker(), "influx-outage", 2);
        ReadingFeed feed = new ReadingFeed(3_000, 51);
        JobConfig config = ScoringJobs.config(
                        KAFKA.broker(), topics, TestModels.committed(), DeliveryMode.AT_LEAST_ONCE)
                .withInflux(new InfluxSettings(INFLUX.url(), database, null, null));

        MidStreamFault.Result result = MidStreamFault.run(
                ScoringJobs.restAddress(FLINK),
                kafka,
                config,
                feed,
                () -> {
                    INFLUX.server().stop();
                    Thread.sleep(OUTAGE.toMillis());
                    INFLUX.server().start();
                },
                () -> points(database),
                Duration.ofMinutes(3));

        long retries = counter(result.job(), "influxdb.retries");
        ReliabilityReport.of("influx-outage")
                .delivery("points", result.delivery())
                .put("restarts", result.restarts())
                .put("influxDownSeconds", result.faultSeconds())
                .put("sinkRetries", retries)
                .put("secondsFromInfluxBackToAllPoints", result.secondsToComplete())
                .write();
        assertThat(result.delivery().exactlyOnce()).as("%s", result.delivery()).isTrue();
        assertThat(result.restarts())
                .as("the sink retried instead of failing the job")
                .isZero();
        assertThat(retries).as("the sink's retries during the outage").isPositive();
    }

    /**
     * influxd stopped for longer than (restart attempts + 1) x checkpoint timeout, scaled down: with
     * the InfluxDB sink in the scoring task (before issue 22) each checkpoint waited for the sink's
     * retrying requests, expired, failed the job over, and after the restart attempts the job
     * failed for good; at-least-once, the sink's backpressure held the Kafka outputs back as well.
     * Now the Kafka outputs keep flowing, the job runs on without a restart, and once influxd is
     * back every reading is a point.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(DeliveryMode.class)
    void aLongInfluxOutageNeitherHoldsBackTheKafkaOutputsNorEndsTheJob(DeliveryMode delivery) throws Exception {
        assertThat(LONG_OUTAGE).isGreaterThan(CHECKPOINT_TIMEOUT.multipliedBy(RESTART_ATTEMPTS + 1));
        String scenario = delivery == DeliveryMode.EXACTLY_ONCE ? "long-eo" : "long-alo";
        String database = "regimes_" + scenario.replace('-', '_');
        Topics topics = Topics.create(KAFKA.broker(), "influx-" + scenario, 2);
        // 100 readings/s, a pace the job keeps up with on a busy machine: how far behind the outputs are
        // then measures the outage, not the machine; the readings keep coming all through the outage.
        ReadingFeed feed = new ReadingFeed(3_000, 54).pace(50, 500);
        JobConfig config = ScoringJobs.config(KAFKA.broker(), topics, TestModels.committed(), delivery)
                .withInflux(new InfluxSettings(INFLUX.url(), database, null, null));
        Configuration flink = new Configuration();
        flink.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, CHECKPOINT_TIMEOUT);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, RESTART_ATTEMPTS);
        Duration interval = TestFlink.settings().get(CheckpointingOptions.CHECKPOINTING_INTERVAL);
        Duration allowedBehind = delivery == DeliveryMode.EXACTLY_ONCE
                ? Duration.ofSeconds(5).plus(interval) // published when the next checkpoint completes
                : Duration.ofSeconds(5);
        OutageWatch watch = new OutageWatch();

        MidStreamFault.Result result = MidStreamFault.run(
                ScoringJobs.restAddress(FLINK),
                kafka,
                config,
                flink,
                feed,
                job -> {
                    for (int i = 0; i < 4; i++) { // how far InfluxDB is behind the readings in normal operation
                        Duration behind = feed.behind(points(database), System.nanoTime());
                        watch.pointsBehindBeforeOutage = max(watch.pointsBehindBeforeOutage, behind);
                        Thread.sleep(500);
                    }
                    INFLUX.server().stop();
                    long start = System.nanoTime();
                    try {
                        while (System.nanoTime() - start < LONG_OUTAGE.toNanos()) {
                            List<String> predictions = ScoringJobs.predictionKeys(kafka, topics.output());
                            JobStatus status = job.getJobStatus().get();
                            watch.sample(
                                    // measured when the read ended: an upper bound (the read takes a moment)
                                    feed.behind(predictions, System.nanoTime()),
                                    status,
                                    predictions.size(),
                                    feed.sent());
                            assertThat(status)
                                    .as("the job %.1f s into the InfluxDB outage", (System.nanoTime() - start) / 1e9)
                                    .isEqualTo(JobStatus.RUNNING);
                            Thread.sleep(500);
                        }
                    } finally {
                        INFLUX.server().start();
                    }
                },
                () -> points(database),
                Duration.ofMinutes(3));

        Delivery predictions = Delivery.compare(feed.keys(), ScoringJobs.predictionKeys(kafka, topics.output()));
        long pointCount = INFLUX.server()
                .rows(database, "SELECT count(\"temperature\") FROM machine_regime")
                .get(0)
                .get(1)
                .asLong();
        var pointRecords = kafka.read(config.influx().pointsTopic(), IsolationLevel.READ_UNCOMMITTED);
        long predictionPointsInTopic = pointRecords.stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).startsWith("machine_regime,"))
                .count();
        long pointBytes = pointRecords.stream().mapToLong(r -> r.value().length).sum();
        ReliabilityReport.of("influx-" + scenario + "-outage")
                .put("delivery", delivery)
                .delivery("points", result.delivery())
                .put("pointsCountInInfluxDb", pointCount)
                .delivery("predictions", predictions)
                .put("predictionPointsInKafkaPointsTopic", predictionPointsInTopic)
                .put("pointsTopicRecords", pointRecords.size())
                .put("pointsTopicValueBytesPerRecord", pointBytes / Math.max(1, pointRecords.size()))
                .put(
                        "pointsTopicBytesOnDiskPerRecord",
                        bytesOnDisk(config.influx().pointsTopic()) / Math.max(1, pointRecords.size()))
                .put("influxdbPointsWritten", counter(result.job(), "influxdb.pointsWritten"))
                .put("restarts", result.restarts())
                .put("influxDownSeconds", result.faultSeconds())
                .put("checkpointTimeoutSeconds", CHECKPOINT_TIMEOUT.toSeconds())
                .put("restartAttempts", RESTART_ATTEMPTS)
                .put("readingsSentDuringOutage", watch.sentAtEnd - watch.sentAtStart)
                .put("predictionsVisibleAtOutageStart", watch.visibleAtStart)
                .put("predictionsVisibleAtOutageEnd", watch.visibleAtEnd)
                .put("maxSecondsPredictionsBehindDuringOutage", ReliabilityReport.seconds(watch.maxBehind.toNanos()))
                .put("jobStatusesDuringOutage", watch.statuses.toString())
                .put(
                        "maxSecondsPointsBehindJustBeforeOutage",
                        ReliabilityReport.seconds(watch.pointsBehindBeforeOutage.toNanos()))
                .put("writerRetries", counter(result.job(), "influxdb.retries"))
                .put("secondsFromInfluxBackToAllPoints", result.secondsToComplete())
                .write();
        assertThat(watch.statuses).as("the job's status all through the outage").containsOnly(JobStatus.RUNNING);
        assertThat(result.restarts()).as("restarts").isZero();
        assertThat(watch.sentAtEnd - watch.sentAtStart)
                .as("readings sent while influxd was down")
                .isGreaterThan(500);
        assertThat(watch.visibleAtEnd - watch.visibleAtStart)
                .as("predictions published while influxd was down")
                .isGreaterThan(500);
        assertThat(watch.maxBehind)
                .as("how far the Kafka predictions were behind the readings, at worst, during the outage")
                .isLessThanOrEqualTo(allowedBehind);
        assertThat(delivery == DeliveryMode.EXACTLY_ONCE ? predictions.exactlyOnce() : predictions.nothingLost())
                .as("predictions %s", predictions)
                .isTrue();
        assertThat(result.delivery().exactlyOnce())
                .as("points %s", result.delivery())
                .isTrue();
        assertThat(pointCount).as("InfluxDB's own count of the points").isEqualTo(feed.size());
    }

    /** What the broker keeps of {@code topic} on its disk (all partitions, compressed batches and their headers). */
    private static long bytesOnDisk(String topic) throws Exception {
        try (Admin admin = KAFKA.broker().admin()) {
            int broker = admin.describeCluster().nodes().get().iterator().next().id();
            return admin.describeLogDirs(List.of(broker)).allDescriptions().get().get(broker).values().stream()
                    .flatMap(dir -> dir.replicaInfos().entrySet().stream())
                    .filter(e -> e.getKey().topic().equals(topic))
                    .mapToLong(e -> e.getValue().size())
                    .sum();
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** What the test saw while influxd was down, sampled every half second. */
    private static final class OutageWatch {
        final Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        Duration maxBehind = Duration.ZERO;
        Duration pointsBehindBeforeOutage = Duration.ZERO;
        long visibleAtStart = -1;
        long visibleAtEnd;
        long sentAtStart = -1;
        long sentAtEnd;

        void sample(Duration behind, JobStatus status, long visible, long sent) {
            statuses.add(status);
            maxBehind = max(maxBehind, behind);
            if (visibleAtStart < 0) {
                visibleAtStart = visible;
                sentAtStart = sent;
            }
            visibleAtEnd = visible;
            sentAtEnd = sent;
        }
    }

    @Test
    void aKilledInfluxdLosesNoPoint() throws Exception {
        String database = "regimes_killed";
        Topics topics = Topics.create(KAFKA.broker(), "influx-killed", 2);
        ReadingFeed feed = new ReadingFeed(3_000, 53);
        JobConfig config = ScoringJobs.config(KAFKA.broker(), topics, TestModels.committed(), DeliveryMode.EXACTLY_ONCE)
                .withInflux(new InfluxSettings(INFLUX.url(), database, null, null));

        MidStreamFault.Result result = MidStreamFault.run(
                ScoringJobs.restAddress(FLINK),
                kafka,
                config,
                feed,
                () -> {
                    INFLUX.server().kill(); // SIGKILL: no shutdown, the WAL as it was
                    Thread.sleep(5_000);
                    INFLUX.server().start();
                },
                () -> points(database),
                Duration.ofMinutes(3));

        Delivery predictions = Delivery.compare(feed.keys(), ScoringJobs.predictionKeys(kafka, topics.output()));
        long retries = counter(result.job(), "influxdb.retries");
        ReliabilityReport.of("influxd-killed")
                .delivery("points", result.delivery())
                .delivery("predictions", predictions)
                .put("restarts", result.restarts())
                .put("influxDownSeconds", result.faultSeconds())
                .put("sinkRetries", retries)
                .put("secondsFromInfluxBackToAllPoints", result.secondsToComplete())
                .write();
        assertThat(result.delivery().exactlyOnce())
                .as("points %s", result.delivery())
                .isTrue();
        assertThat(predictions.exactlyOnce()).as("predictions %s", predictions).isTrue();
        assertThat(retries).as("the sink's retries while influxd was gone").isPositive();
    }

    /** {@code machine|timestamp} of every point (InfluxDB answers in ms; the sub-ms part only tells records apart). */
    private static List<String> points(String database) {
        try {
            return INFLUX.server().rows(database, "SELECT \"machine\", \"temperature\" FROM machine_regime").stream()
                    .map(row -> row.get(1).asText() + "|" + row.get(0).asLong())
                    .toList();
        } catch (IllegalStateException | UncheckedIOException e) {
            return List.of(); // influxd is down, or the database does not exist yet
        }
    }

    /** A counter summed over the job's subtasks (all the InfluxDB sinks' writers for {@code influxdb.*}). */
    static long counter(JobID job, String name) {
        return METRICS.findMetrics(job, name).entrySet().stream()
                .filter(e -> e.getKey().endsWith(name) && e.getValue() instanceof Counter)
                .mapToLong(e -> ((Counter) e.getValue()).getCount())
                .sum();
    }
}
