package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.job.ControlTopic;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.TopicCreation;
import io.regimestream.job.reliability.ScoringJobs.Topics;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * authorizer). By default the job creates none: while they are missing it refuses to start, naming
 * them; asked to create them ({@code --create-topics}) it refuses saying it may not; once an
 * administrator created them it starts and scores without a restart. Real Kafka broker, Flink
 * MiniCluster.
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
    void aJobThatMayNotCreateTopicsCreatesNoneByDefaultAndRunsOnTopicsCreatedByOthers() throws Exception {
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
        JobConfig byDefault = ScoringJobs.config(scorer, topics, TestModels.committed(), DeliveryMode.EXACTLY_ONCE)
                .withTopicCreation(TopicCreation.OFF); // as without --create-topics
        List<String> jobTopics = byDefault.topics().all();

        // By default the job creates nothing: missing topics fail the start, named, with what to do.
        assertThatThrownBy(() -> ScoringJobs.start(byDefault, "topics missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the Kafka topics " + jobTopics + " do not exist at " + KAFKA.bootstrapServers())
                .hasMessageContaining("or pass --create-topics");
        // Asked to create them, a principal without the right fails the start saying so.
        JobConfig creating = byDefault.withTopicCreation(new TopicCreation(true, 2, 0));
        assertThatThrownBy(() -> ScoringJobs.start(creating, "may not create"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--create-topics: Kafka at " + KAFKA.bootstrapServers()
                        + " does not let this job create the topics")
                .hasMessageContaining("start without --create-topics");
        try (Admin admin = KAFKA.broker().admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .as("topics on the broker")
                    .doesNotContainAnyElementsOf(jobTopics);
            // An administrator creates the one list of the job's topics (the control topic: one ordered stream).
            admin.createTopics(jobTopics.stream()
                            .map(t -> t.equals(byDefault.topics().models())
                                    ? ControlTopic.newTopic(t, Optional.of((short) 1))
                                    : new NewTopic(t, 2, (short) 1))
                            .toList())
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }

        JobClient job = ScoringJobs.start(byDefault, "topics created by others");
        try {
            ScoringJobs.sendCurrentReadingsAndAwaitPredictions(new KafkaTopics(KAFKA.broker()), topics, 50);
            assertThat(ScoringJobs.restarts(FLINK, job.getJobID()))
                    .as("restarts")
                    .isZero();
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
