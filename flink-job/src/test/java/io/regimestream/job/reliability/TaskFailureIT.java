package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.reliability.ScoringJobs.Topics;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.localservices.junit.InfluxDbExtension;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The TaskManager running the job is killed mid-stream and a new one started: the job restarts
 * from its last checkpoint by itself. Exactly-once: a read_committed consumer sees every reading
 * exactly once; at-least-once: none is missing (duplicates are counted and reported).
 */
class TaskFailureIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    /** A cluster of our own per test (MiniClusterExtension cannot kill TaskManagers): each test kills TaskManager 0. */
    private MiniCluster flink;

    @BeforeEach
    void startCluster() throws Exception {
        Configuration cluster = new Configuration();
        cluster.set(RestOptions.PORT, 0); // a free port: 8081 may be another Flink's (bin/demo, bin/cluster)
        cluster.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        flink = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .setConfiguration(cluster)
                .build());
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
        JobConfig config = ScoringJobs.config(KAFKA.broker(), topics, TestModels.committed(), delivery);

        MidStreamFault.Result result = MidStreamFault.run(
                flink.getRestAddress().get(),
                kafka,
                config,
                feed,
                () -> {
                    flink.terminateTaskManager(0).get();
                    flink.startTaskManager();
                },
                () -> ScoringJobs.predictionKeys(kafka, topics.output()),
                Duration.ofSeconds(120));

        ReliabilityReport.of(scenario)
                .delivery("readings", result.delivery())
                .put("restarts", result.restarts())
                .put("secondsFromFaultToCompleteOutput", result.secondsToComplete())
                .write();
        assertThat(result.restarts())
                .as("the job restarted after the TaskManager was killed")
                .isGreaterThanOrEqualTo(1);
        if (delivery == DeliveryMode.EXACTLY_ONCE) {
            assertThat(result.delivery().exactlyOnce())
                    .as("%s", result.delivery())
                    .isTrue();
        } else {
            assertThat(result.delivery().nothingLost())
                    .as("%s", result.delivery())
                    .isTrue();
        }
    }

    @Test
    void aKilledTaskManagerWithTheInfluxDbSinkOnCostsNoPoint() throws Exception {
        String scenario = "task-failure-influxdb";
        String database = "regimes_task_failure";
        Topics topics = Topics.create(KAFKA.broker(), scenario, 2);
        ReadingFeed feed = new ReadingFeed(3_000, 22);
        JobConfig config = ScoringJobs.config(KAFKA.broker(), topics, TestModels.committed(), DeliveryMode.EXACTLY_ONCE)
                .withInflux(new InfluxSettings(INFLUX.url(), database, null, null));

        MidStreamFault.Result result = MidStreamFault.run(
                flink.getRestAddress().get(),
                kafka,
                config,
                feed,
                () -> {
                    flink.terminateTaskManager(0).get();
                    flink.startTaskManager();
                },
                () -> ScoringJobs.pointKeys(INFLUX.server(), database),
                Duration.ofSeconds(120));

        Delivery predictions = Delivery.compare(feed.keys(), ScoringJobs.predictionKeys(kafka, topics.output()));
        long pointCount = INFLUX.server().count(database, "SELECT count(\"temperature\") FROM machine_regime");
        ReliabilityReport.of(scenario)
                .delivery("points", result.delivery())
                .delivery("predictions", predictions)
                .put("influxPointCount", pointCount)
                .put("restarts", result.restarts())
                .put("secondsFromFaultToCompleteOutput", result.secondsToComplete())
                .write();
        assertThat(result.restarts())
                .as("the job restarted after the TaskManager was killed")
                .isGreaterThanOrEqualTo(1);
        // Replayed points overwrite themselves: exactly one point per reading, not one per write.
        assertThat(pointCount).isEqualTo(feed.size());
        assertThat(result.delivery().exactlyOnce())
                .as("points %s", result.delivery())
                .isTrue();
        assertThat(predictions.exactlyOnce()).as("predictions %s", predictions).isTrue();
    }
}
