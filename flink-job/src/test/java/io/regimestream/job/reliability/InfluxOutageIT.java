package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.reliability.ScoringJobs.Topics;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * influxd is stopped (or killed with SIGKILL) mid-stream and started again on the same data: the
 * InfluxDB sink retries with back-off while backpressure holds the stream, and afterwards every
 * reading is exactly one point (a replay has the same series and time and overwrites). In the
 * default exactly-once mode the outage also holds back checkpoints, so the Kafka predictions wait
 * for it: none appear to read_committed consumers while influxd is down, all of them afterwards.
 * Long: 40 s of outage by design in the first test.
 */
@Tag("long")
class InfluxOutageIT {

    static final Duration OUTAGE = Duration.ofSeconds(40);
    /** Far longer than the tests' 500 ms checkpoint interval. */
    static final Duration EXACTLY_ONCE_OUTAGE = Duration.ofSeconds(12);

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

    @Test
    void exactlyOnceKafkaOutputsWaitForAnInfluxOutageAndNothingIsLost() throws Exception {
        String database = "regimes_outage_eo";
        Topics topics = Topics.create(KAFKA.broker(), "influx-outage-eo", 2);
        ReadingFeed feed = new ReadingFeed(3_000, 52);
        JobConfig config = ScoringJobs.config(KAFKA.broker(), topics, TestModels.committed(), DeliveryMode.EXACTLY_ONCE)
                .withInflux(new InfluxSettings(INFLUX.url(), database, null, null));
        long[] visible = new long[3];

        MidStreamFault.Result result = MidStreamFault.run(
                ScoringJobs.restAddress(FLINK),
                kafka,
                config,
                feed,
                () -> {
                    await().atMost(Duration.ofMinutes(1))
                            .until(() -> !ScoringJobs.predictionKeys(kafka, topics.output())
                                    .isEmpty());
                    INFLUX.server().stop();
                    visible[2] =
                            ScoringJobs.predictionKeys(kafka, topics.output()).size();
                    Thread.sleep(3_000); // the checkpoint under way when influxd went away cannot complete now
                    visible[0] =
                            ScoringJobs.predictionKeys(kafka, topics.output()).size();
                    Thread.sleep(EXACTLY_ONCE_OUTAGE.toMillis() - 3_000);
                    visible[1] =
                            ScoringJobs.predictionKeys(kafka, topics.output()).size();
                    INFLUX.server().start();
                },
                () -> points(database),
                Duration.ofMinutes(3));

        Delivery predictions = Delivery.compare(feed.keys(), ScoringJobs.predictionKeys(kafka, topics.output()));
        long retries = counter(result.job(), "influxdb.retries");
        ReliabilityReport.of("influx-outage-exactly-once")
                .delivery("points", result.delivery())
                .delivery("predictions", predictions)
                .put("restarts", result.restarts())
                .put("influxDownSeconds", result.faultSeconds())
                .put("predictionsVisibleAtOutageStart", visible[2])
                .put("predictionsVisible3sIntoOutage", visible[0])
                .put("predictionsVisibleAtOutageEnd", visible[1])
                .put("sinkRetries", retries)
                .put("secondsFromInfluxBackToAllPoints", result.secondsToComplete())
                .write();
        assertThat(visible[0])
                .as("predictions committed before the outage held the checkpoints")
                .isPositive();
        assertThat(visible[1])
                .as("no prediction is committed to Kafka while the InfluxDB sink holds the checkpoint")
                .isEqualTo(visible[0])
                .isLessThan(feed.size());
        assertThat(result.delivery().exactlyOnce())
                .as("points %s", result.delivery())
                .isTrue();
        assertThat(predictions.exactlyOnce()).as("predictions %s", predictions).isTrue();
        assertThat(result.restarts()).isZero();
        assertThat(retries).as("the sink's retries during the outage").isPositive();
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
