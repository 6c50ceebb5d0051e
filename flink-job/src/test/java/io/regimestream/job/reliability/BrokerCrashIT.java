package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.reliability.ScoringJobs.Topics;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.localservices.KafkaBrokerProcess;
import io.regimestream.model.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka broker, in a process of its own (local-services {@link KafkaBrokerProcess}), is killed
 * with SIGKILL mid-stream (no clean shutdown: open transactions, unflushed log as they were) and
 * started again on the same port and data after 5 s. Exactly-once: a read_committed consumer sees
 * every reading once. Long: a broker process takes 10-30 s to start on a busy machine.
 */
@Tag("long")
class BrokerCrashIT {

    static final Duration DOWN = Duration.ofSeconds(5);

    @TempDir
    static Path brokerDir;

    private static KafkaBrokerProcess broker;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBrokerProcess.create(brokerDir, "512m").start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void theJobRecoversFromABrokerKilledHardWithoutLosingOrDuplicatingAReading() throws Exception {
        Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        Topics topics = new Topics("readings-broker-crash", "regimes-broker-crash", "dlq-broker-crash");
        broker.createTopic(topics.input(), 2, Map.of());
        broker.createTopic(topics.output(), 2, Map.of());
        broker.createTopic(topics.deadLetters(), 1, Map.of());
        KafkaTopics kafka = new KafkaTopics(client);
        ReadingFeed feed = new ReadingFeed(3_000, 42);
        JobConfig config = ScoringJobs.config(client, topics, TestModels.committed(), DeliveryMode.EXACTLY_ONCE);

        MidStreamFault.Result result = MidStreamFault.run(
                ScoringJobs.restAddress(FLINK),
                kafka,
                config,
                feed,
                () -> {
                    broker.kill();
                    Thread.sleep(DOWN.toMillis());
                    broker.start();
                },
                () -> ScoringJobs.predictionKeys(kafka, topics.output()),
                Duration.ofMinutes(4));

        ReliabilityReport.of("broker-crash")
                .delivery("readings", result.delivery())
                .put("restarts", result.restarts())
                .put("brokerDownSeconds", result.faultSeconds())
                .put("secondsFromBrokerBackToCompleteOutput", result.secondsToComplete())
                .write();
        assertThat(result.delivery().exactlyOnce()).as("%s", result.delivery()).isTrue();
    }
}
