package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.TopicCreation;
import io.regimestream.job.reliability.ScoringJobs.Topics;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job started on a fresh broker before anything was produced (as {@code bin/job} right after
 * the broker) with {@code --create-topics}: it creates its topics at start, runs without a restart
 * or an exception, and scores
 * the readings produced afterwards. Real Kafka broker of its own, Flink MiniCluster.
 */
class FreshBrokerStartIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void theJobCreatesItsTopicsOnAFreshBrokerAndScoresWhatComesLater() throws Exception {
        Topics topics = new Topics("readings-fresh", "regimes-fresh", "dlq-fresh"); // not created
        JobConfig config = ScoringJobs.config(KAFKA.broker(), topics, TestModels.committed(), DeliveryMode.EXACTLY_ONCE)
                .withTopicCreation(new TopicCreation(true, 3, 1));
        KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

        String logs;
        JobClient job;
        try (CapturedLogs captured = CapturedLogs.capture()) {
            job = ScoringJobs.start(config, "fresh broker");
            try (Admin admin = KAFKA.broker().admin()) {
                assertThat(admin.listTopics().names().get())
                        .contains(
                                topics.input(),
                                topics.output(),
                                topics.deadLetters(),
                                config.topics().models(),
                                config.topics().modelStatus(),
                                config.topics().regimeChanges());
                assertThat(admin.describeTopics(List.of(topics.input()))
                                .allTopicNames()
                                .get()
                                .get(topics.input())
                                .partitions())
                        .hasSize(3);
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> job.getJobStatus().get() == JobStatus.RUNNING);
            Thread.sleep(3_000); // time for a failing source to fail over, as it did before topics were created
            ScoringJobs.sendCurrentReadingsAndAwaitPredictions(kafka, topics, 100);
            logs = captured.text();
        }
        try {
            assertThat(ScoringJobs.restarts(FLINK, job.getJobID()))
                    .as("restarts")
                    .isZero();
            assertThat(logs)
                    .contains("Created the missing Kafka topics")
                    .doesNotContain("UnknownTopicOrPartition")
                    .doesNotContain("Failed to list subscribed topic partitions");
        } finally {
            job.cancel().get();
        }
    }
}
