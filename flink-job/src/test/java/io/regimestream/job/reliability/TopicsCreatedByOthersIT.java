package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.job.ControlTopic;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.reliability.ScoringJobs.Topics;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job's Kafka user may not create topics (ACLs on a SASL/PLAIN broker with the standard
 * authorizer): the job logs one WARN line and waits, and once an administrator created the topics
 * it starts and scores without a restart. Real Kafka broker, Flink MiniCluster.
 */
class TopicsCreatedByOthersIT {

    private static final String ADMIN_PASSWORD = "admin-Pw-77";
    private static final String SCORER_PASSWORD = "scorer-Pw-78";

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = AuthorizingBroker.extension(ADMIN_PASSWORD, SCORER_PASSWORD);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void aJobThatMayNotCreateTopicsWaitsForThemWithOneWarning() throws Exception {
        try (Admin admin = KAFKA.broker().admin()) {
            admin.createAcls(List.of(
                            acl(ResourceType.CLUSTER, "kafka-cluster", AclOperation.ALL, AclPermissionType.ALLOW),
                            acl(ResourceType.CLUSTER, "kafka-cluster", AclOperation.CREATE, AclPermissionType.DENY),
                            acl(ResourceType.TOPIC, "*", AclOperation.ALL, AclPermissionType.ALLOW),
                            acl(ResourceType.TOPIC, "*", AclOperation.CREATE, AclPermissionType.DENY)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> scorer = AuthorizingBroker.scorer(KAFKA.broker(), SCORER_PASSWORD);
        Topics topics = new Topics("readings-acl", "regimes-acl", "dlq-acl");
        JobConfig config = ScoringJobs.config(scorer, topics, TestModels.committed(), DeliveryMode.EXACTLY_ONCE);

        JobClient job;
        String logs;
        try (CapturedLogs captured = CapturedLogs.capture()) {
            CompletableFuture<JobClient> starting = CompletableFuture.supplyAsync(() -> {
                try {
                    return ScoringJobs.start(config, "topics created by others");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> captured.text().contains("does not let this job create the topics"));
            Thread.sleep(3_000);
            assertThat(starting).as("the job waits for its topics").isNotDone();
            try (Admin admin = KAFKA.broker().admin()) {
                admin.createTopics(config.topics().all().stream()
                                .map(t -> t.equals(config.topics().models())
                                        ? ControlTopic.newTopic(t, Optional.of((short) 1)) // one ordered stream
                                        : new NewTopic(t, 2, (short) 1))
                                .toList())
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            job = starting.get(2, TimeUnit.MINUTES);
            logs = captured.text();
        }
        try {
            ScoringJobs.sendCurrentReadingsAndAwaitPredictions(new KafkaTopics(KAFKA.broker()), topics, 50);
            assertThat(ScoringJobs.restarts(FLINK, job.getJobID()))
                    .as("restarts")
                    .isZero();
            assertThat(logs.lines()
                            .filter(line -> line.contains("does not let this job create the topics"))
                            .count())
                    .as("WARN lines about the topics")
                    .isEqualTo(1);
            assertThat(logs).doesNotContain("Created the missing Kafka topics");
        } finally {
            job.cancel().get();
        }
    }

    private static AclBinding acl(
            ResourceType type, String name, AclOperation operation, AclPermissionType permission) {
        return new AclBinding(
                new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:scorer", "*", operation, permission));
    }
}
