package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.codec.ModelStatusCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Reading;
import io.regimestream.job.ControlTopic;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.reliability.ScoringJobs.Topics;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * The job's Kafka user loses the right to read the control topic while the job runs (ACLs on a
 * SASL/PLAIN broker with the standard authorizer, a Flink MiniCluster): the scoring tasks score on
 * with their model, say so (a WARN, {@code modelTopicAvailable} 0, {@code modelTopicErrors}) and try
 * again; once the right is back, an announcement activates. No restart. Before issue 20 the
 * follower's failure failed the task, and the job restarted until the right came back. The same
 * holds for a job whose user may not see the control topic when it starts: it starts, with a WARN.
 */
class UnreadableControlTopicIT {

    private static final String ADMIN_PASSWORD = "admin-Pw-87";
    private static final String SCORER_PASSWORD = "scorer-Pw-88";
    private static final Duration WAIT = Duration.ofMinutes(3);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = AuthorizingBroker.extension(ADMIN_PASSWORD, SCORER_PASSWORD);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void aControlTopicTheJobMayNoLongerReadLeavesItScoringWithItsModelUntilItMayAgain() throws Exception {
        Topics topics = Topics.create(KAFKA.broker(), "unreadable", 2);
        Map<String, Object> scorer = AuthorizingBroker.scorer(KAFKA.broker(), SCORER_PASSWORD);
        JobConfig config = ScoringJobs.config(scorer, topics, TestModels.committed(), DeliveryMode.EXACTLY_ONCE)
                .withTopics(t -> t.withModels("models-unreadable").withModelStatus("status-unreadable"));
        String models = config.topics().models();
        AclBinding denyRead = deny(models, AclOperation.READ);
        AclBinding denyDescribe = deny(models, AclOperation.DESCRIBE);
        KafkaTopics admin = new KafkaTopics(KAFKA.broker()); // the super user: publishes and reads statuses
        KafkaTopics asScorer = new KafkaTopics(scorer);

        try (CapturedLogs logs = CapturedLogs.capture()) {
            JobClient job = ScoringJobs.start(config, "unreadable control topic");
            try {
                ScoringJobs.sendCurrentReadingsAndAwaitPredictions(asScorer, topics, 30);

                long denied = System.nanoTime();
                acls(a -> a.createAcls(List.of(denyRead, denyDescribe)).all());
                await("the WARN that the model topic cannot be read")
                        .atMost(WAIT)
                        .until(() -> logs.text().contains("cannot follow the model topic " + models));
                await("modelTopicAvailable 0 in every task").atMost(WAIT).until(() -> {
                    Map<String, String> available =
                            ScoringJobs.operatorMetric(FLINK, job.getJobID(), "modelTopicAvailable");
                    return available.size() == 2 && available.values().stream().allMatch("0"::equals);
                });
                // scored on, with the model it has
                List<ProducerRecord<byte[], byte[]>> more = new java.util.ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    Reading r = new Reading("press-" + i % 3, System.currentTimeMillis() + i, 45.0 + i % 20);
                    more.add(new ProducerRecord<>(
                            topics.input(), r.machineId().getBytes(StandardCharsets.UTF_8), ReadingCodec.toJson(r)));
                }
                asScorer.send(topics.input(), more);
                await("30 more predictions while the model topic cannot be read")
                        .atMost(WAIT)
                        .until(() -> ScoringJobs.predictionKeys(asScorer, topics.output())
                                        .size()
                                == 60);

                long warned = System.nanoTime();
                acls(a -> a.deleteAcls(List.of(denyRead.toFilter(), denyDescribe.toFilter()))
                        .all());
                long allowed = System.nanoTime();
                admin.send(
                        models,
                        List.of(new ProducerRecord<>(
                                models,
                                "k3".getBytes(StandardCharsets.UTF_8),
                                ModelAnnouncementCodec.toJson(TestModels.inline(
                                        TestModels.versionOf(TestModels.second()), TestModels.second())))));
                List<ModelStatus> activated = await("both tasks activating the model once they may read again")
                        .atMost(WAIT)
                        .until(
                                () -> admin.readCommitted(config.topics().modelStatus()).stream()
                                        .map(r -> ModelStatusCodec.fromJson(r.value()))
                                        .filter(s -> s.outcome() == ModelStatus.Outcome.ACTIVATED)
                                        .toList(),
                                s -> s.size() >= 2);
                assertThat(activated).extracting(ModelStatus::task).doesNotHaveDuplicates();
                long recovered = System.nanoTime();
                assertThat(ScoringJobs.operatorMetric(FLINK, job.getJobID(), "modelTopicErrors"))
                        .isNotEmpty()
                        .allSatisfy((task, errors) ->
                                assertThat(Long.parseLong(errors)).isPositive());
                assertThat(ScoringJobs.restarts(FLINK, job.getJobID()))
                        .as("restarts")
                        .isZero();
                ReliabilityReport.of("control-plane-unreadable-topic")
                        .put("readings.in", 60)
                        .put(
                                "readings.out",
                                ScoringJobs.predictionKeys(asScorer, topics.output())
                                        .size())
                        .put("secondsFromDeniedToAfterMoreReadingsScored", ReliabilityReport.seconds(warned - denied))
                        .put("secondsFromAllowedToActivatedInBothTasks", ReliabilityReport.seconds(recovered - allowed))
                        .put("restarts", 0)
                        .write();
            } finally {
                job.cancel().get();
            }
        }
    }

    @Test
    void aControlTopicTheJobMayNotSeeAtStartDoesNotStopItFromStartingAndScoring() throws Exception {
        Topics topics = Topics.create(KAFKA.broker(), "hidden-at-start", 2);
        Map<String, Object> scorer = AuthorizingBroker.scorer(KAFKA.broker(), SCORER_PASSWORD);
        JobConfig config = ScoringJobs.config(scorer, topics, TestModels.committed(), DeliveryMode.EXACTLY_ONCE)
                .withTopics(t -> t.withModels("models-hidden-at-start").withModelStatus("status-hidden-at-start"));
        String models = config.topics().models();
        KafkaTopics admin = new KafkaTopics(KAFKA.broker());
        acls(a -> a.createTopics(List.of(ControlTopic.newTopic(models, Optional.of((short) 1))))
                .all());
        AclBinding denyRead = deny(models, AclOperation.READ);
        AclBinding denyDescribe = deny(models, AclOperation.DESCRIBE);
        acls(a -> a.createAcls(List.of(denyRead, denyDescribe)).all());

        try (CapturedLogs logs = CapturedLogs.capture()) {
            JobClient job = ScoringJobs.start(config, "control topic hidden at start");
            try {
                assertThat(logs.text()).contains("Could not check the model control topic " + models);
                ScoringJobs.sendCurrentReadingsAndAwaitPredictions(new KafkaTopics(scorer), topics, 30);

                acls(a -> a.deleteAcls(List.of(denyRead.toFilter(), denyDescribe.toFilter()))
                        .all());
                admin.send(
                        models,
                        List.of(new ProducerRecord<>(
                                models,
                                "k3".getBytes(StandardCharsets.UTF_8),
                                ModelAnnouncementCodec.toJson(TestModels.inline(
                                        TestModels.versionOf(TestModels.second()), TestModels.second())))));
                await("both tasks activating the model once they may read the control topic")
                        .atMost(WAIT)
                        .until(
                                () -> admin.readCommitted(config.topics().modelStatus()).stream()
                                        .map(r -> ModelStatusCodec.fromJson(r.value()))
                                        .filter(s -> s.outcome() == ModelStatus.Outcome.ACTIVATED)
                                        .map(ModelStatus::task)
                                        .distinct()
                                        .count(),
                                n -> n == 2);
                assertThat(ScoringJobs.restarts(FLINK, job.getJobID()))
                        .as("restarts")
                        .isZero();
            } finally {
                job.cancel().get();
            }
        }
    }

    private static AclBinding deny(String topic, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:scorer", "*", operation, AclPermissionType.DENY));
    }

    private interface AdminCall {
        org.apache.kafka.common.KafkaFuture<?> on(Admin admin);
    }

    private static void acls(AdminCall call) throws Exception {
        try (Admin admin = KAFKA.broker().admin()) {
            call.on(admin).get(30, TimeUnit.SECONDS);
        }
    }
}
