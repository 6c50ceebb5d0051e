package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.reliability.ScoringJobs.Topics;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop the job with a savepoint (as for an upgrade), keep producing, start the same job from the
 * savepoint: exactly-once output continues without a gap or a duplicate. The operator uids make
 * the savepoint fit.
 */
class SavepointRestartIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @Test
    void restartingFromASavepointContinuesWithoutGapsOrDuplicates(@TempDir Path savepoints) throws Exception {
        Topics topics = Topics.create(KAFKA.broker(), "savepoint", 2);
        ReadingFeed feed = new ReadingFeed(2_000, 31);
        JobConfig config =
                ScoringJobs.config(KAFKA.broker(), topics, TestModels.committed(), DeliveryMode.EXACTLY_ONCE);
        int half = feed.size() / 2;

        feed.sendRange(kafka, topics.input(), 0, half);
        JobClient first = ScoringJobs.start(config, "before the savepoint");
        await().atMost(Duration.ofSeconds(90))
                .until(() -> ScoringJobs.predictionKeys(kafka, topics.output()).size() >= half / 2);
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);
        List<String> outputBeforeStop = ScoringJobs.predictionKeys(kafka, topics.output());
        int beforeStop = outputBeforeStop.size();

        feed.sendRange(kafka, topics.input(), half, feed.size()); // arrives while the job is down
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        long restarted = System.nanoTime();
        JobClient second = ScoringJobs.start(config, "from the savepoint", restore);
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> Delivery.compare(feed.keys(), ScoringJobs.predictionKeys(kafka, topics.output()))
                            .nothingLost());
            long complete = System.nanoTime();
            Thread.sleep(2_000); // late duplicates would show up here
            Delivery delivery = Delivery.compare(feed.keys(), ScoringJobs.predictionKeys(kafka, topics.output()));

            ReliabilityReport.of("savepoint-restart")
                    .delivery("readings", delivery)
                    .put("outputBeforeStop", beforeStop)
                    .put("secondsFromRestoreToCompleteOutput", ReliabilityReport.seconds(complete - restarted))
                    .write();
            assertThat(delivery.exactlyOnce()).as("%s", delivery).isTrue();
            // The first run saw only the first half and had committed at least half of that when it was stopped
            // (the savepoint commits its last transaction); the restored run did the rest, nothing twice.
            assertThat(beforeStop).as("output of the first run").isBetween(half / 2, half);
            assertThat(feed.keys().subList(0, half))
                    .as("the first run's output is from the first half")
                    .containsAll(outputBeforeStop);
            assertThat(delivery.received() - beforeStop)
                    .as("output of the restored run")
                    .isEqualTo(feed.size() - beforeStop);
        } finally {
            second.cancel().get();
        }
    }
}
