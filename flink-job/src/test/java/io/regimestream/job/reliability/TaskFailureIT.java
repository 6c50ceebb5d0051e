package io.regimestream.job.reliability;

import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.reliability.ScoringJobs.Topics;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.model.testing.TestModels;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TaskManager running the job is killed mid-stream and a new one started: the job restarts
 * from its last checkpoint by itself. Exactly-once: a read_committed consumer sees every reading
 * exactly once; at-least-once: none is missing (duplicates are counted and reported).
 */
class TaskFailureIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    /** A cluster of our own per test (MiniClusterExtension cannot kill TaskManagers): each test kills TaskManager 0. */
    private MiniCluster flink;

    @BeforeEach
    void startCluster() throws Exception {
        flink = new MiniCluster(new MiniClusterConfiguration.Builder().setNumTaskManagers(1).setNumSlotsPerTaskManager(2)
                .setConfiguration(new Configuration()).build());
        flink.start();
        TestStreamEnvironment.setAsContext(flink, 2);
    }

    @AfterEach
    void stopCluster() throws Exception {
        TestStreamEnvironment.unsetAsContext();
        flink.close();
    }

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @ParameterizedTest
    @EnumSource(DeliveryMode.class)
    void aKilledTaskManagerCostsTimeNotData(DeliveryMode delivery) throws Exception {
        String scenario = "task-failure-" + delivery.option();
        Topics topics = Topics.create(KAFKA.broker(), scenario, 2);
        ReadingFeed feed = new ReadingFeed(3_000, 21);
        JobConfig config = ScoringJobs.config(KAFKA.broker(), topics, TestModels.committed(), delivery).build();

        MidStreamFault.Result result = MidStreamFault.run(flink.getRestAddress().get(), kafka, config, feed, () -> {
            flink.terminateTaskManager(0).get();
            flink.startTaskManager();
        }, () -> ScoringJobs.predictionKeys(kafka, topics.output()), Duration.ofSeconds(120));

        ReliabilityReport.of(scenario).delivery("readings", result.delivery()).put("restarts", result.restarts())
                .put("secondsFromFaultToCompleteOutput", result.secondsToComplete()).write();
        assertThat(result.restarts()).as("the job restarted after the TaskManager was killed").isGreaterThanOrEqualTo(1);
        if (delivery == DeliveryMode.EXACTLY_ONCE) {
            assertThat(result.delivery().exactlyOnce()).as("%s", result.delivery()).isTrue();
        } else {
            assertThat(result.delivery().nothingLost()).as("%s", result.delivery()).isTrue();
        }
    }
}
