package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.reliability.ScoringJobs.Topics;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.time.Duration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka broker is stopped mid-stream and started again on the same port and data: the job
 * (exactly-once) gets going again by itself, and every reading comes out exactly once. Long: the
 * broker takes 5-20 s to come back on a busy machine and the job's restart back-off grows.
 */
@Tag("long")
class BrokerRestartIT {

    static final Duration DOWN = Duration.ofSeconds(10);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @Test
    void theJobRecoversFromABrokerRestartWithoutLosingOrDuplicatingAReading() throws Exception {
        Topics topics = Topics.create(KAFKA.broker(), "broker-restart", 2);
        ReadingFeed feed = new ReadingFeed(3_000, 41);
        JobConfig config =
                ScoringJobs.config(KAFKA.broker(), topics, TestModels.committed(), DeliveryMode.EXACTLY_ONCE);

        MidStreamFault.Result result = MidStreamFault.run(
                ScoringJobs.restAddress(FLINK),
                kafka,
                config,
                feed,
                () -> {
                    KAFKA.broker().stop();
                    Thread.sleep(DOWN.toMillis());
                    KAFKA.broker().start();
                },
                () -> ScoringJobs.predictionKeys(kafka, topics.output()),
                Duration.ofMinutes(4));

        ReliabilityReport.of("broker-restart")
                .delivery("readings", result.delivery())
                .put("restarts", result.restarts())
                .put("brokerDownSeconds", result.faultSeconds())
                .put("secondsFromBrokerBackToCompleteOutput", result.secondsToComplete())
                .write();
        assertThat(result.delivery().exactlyOnce()).as("%s", result.delivery()).isTrue();
    }
}
