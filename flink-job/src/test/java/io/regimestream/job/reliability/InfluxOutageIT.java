package io.regimestream.job.reliability;

import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.reliability.ScoringJobs.Topics;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.model.testing.TestModels;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * influxd is stopped for 40 s mid-stream and started again on the same data: the InfluxDB sink
 * retries with back-off while backpressure holds the stream, and afterwards every reading is
 * exactly one point (same series and time overwrite, so replays cannot duplicate). Long: 40 s of
 * outage by design.
 */
@Tag("long")
class InfluxOutageIT {

    static final Duration OUTAGE = Duration.ofSeconds(40);
    private static final String DATABASE = "regimes_outage";

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @Test
    void everyReadingIsOnePointAfterAnInfluxOutage() throws Exception {
        Topics topics = Topics.create(KAFKA.broker(), "influx-outage", 2);
        ReadingFeed feed = new ReadingFeed(3_000, 51);
        JobConfig config = ScoringJobs.config(KAFKA.broker(), topics, TestModels.committed(), DeliveryMode.AT_LEAST_ONCE)
                .influx(new InfluxSettings(INFLUX.url(), DATABASE, null, null)).build();

        MidStreamFault.Result result = MidStreamFault.run(ScoringJobs.restAddress(FLINK), kafka, config, feed, () -> {
            INFLUX.server().stop();
            Thread.sleep(OUTAGE.toMillis());
            INFLUX.server().start();
        }, InfluxOutageIT::points, Duration.ofMinutes(3));

        ReliabilityReport.of("influx-outage").delivery("points", result.delivery()).put("restarts", result.restarts())
                .put("influxDownSeconds", result.faultSeconds())
                .put("secondsFromInfluxBackToAllPoints", result.secondsToComplete()).write();
        assertThat(result.delivery().exactlyOnce()).as("%s", result.delivery()).isTrue();
        assertThat(result.restarts()).as("the sink retried instead of failing the job").isZero();
    }

    /** {@code machine|timestamp} of every point (InfluxDB answers in ms; the sub-ms part only tells records apart). */
    private static List<String> points() {
        try {
            return INFLUX.server().rows(DATABASE, "SELECT \"machine\", \"temperature\" FROM machine_regime").stream()
                    .map(row -> row.get(1).asText() + "|" + row.get(0).asLong()).toList();
        } catch (IllegalStateException | UncheckedIOException e) {
            return List.of(); // influxd is down, or the database does not exist yet
        }
    }
}
