package io.regimestream.job.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.AnnouncementPolicy;
import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scoring operator following a real control topic (a real Kafka broker, the operator in
 * Flink's test harness): an announced model is fetched and checked off the task thread, applied
 * between two readings, and its status goes out with no reading at all (from the processing-time
 * timer); a restored task continues after the announcements it applied; the topic may appear
 * only after the job started.
 */
class ScoreReadingsModelTopicIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Path A = TestModels.committed();
    private static final Path B = TestModels.second();
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());
    private long processingTime;

    @Test
    void anAnnouncedModelIsAppliedBetweenTwoReadingsAndReportedWithoutReadings() throws Exception {
        String topic = "models-swap";
        KAFKA.broker().createTopic(topic, 1);
        ScoringHarness.open(A, null).close(); // warm up JPMML outside the timed waits
        OperatorSubtaskState checkpoint;
        try (var h = open(topic, System.currentTimeMillis(), null)) {
            h.send(new Reading("press-01", 1L, 50.0));
            announce(topic, TestModels.inline(TestModels.versionOf(B), B));

            ModelStatus activated = awaitStatuses(h, 1).get(0); // no reading sent meanwhile: the timer applied it
            assertThat(activated.outcome()).isEqualTo(ModelStatus.Outcome.ACTIVATED);
            assertThat(activated.version()).isEqualTo(TestModels.versionOf(B));
            assertThat(activated.task()).isEqualTo("score-regime 1/1");

            h.send(new Reading("press-01", 2L, 50.0));
            assertThat(h.predictions())
                    .extracting(Prediction::modelVersion)
                    .containsExactly(TestModels.versionOf(A), TestModels.versionOf(B));
            checkpoint = h.snapshot(1);
        }

        // Restored: scores with B, does not apply B again, and goes on with the next announcement.
        try (var restored = open(topic, System.currentTimeMillis(), checkpoint)) {
            announce(topic, TestModels.inline("corrupt", "<PMML>truncated".getBytes(StandardCharsets.UTF_8)));
            List<ModelStatus> statuses = awaitStatuses(restored, 1);
            assertThat(statuses)
                    .extracting(s -> s.version() + " " + s.outcome())
                    .containsExactly("corrupt REJECTED");
            assertThat(statuses.get(0).detail()).contains("still scoring with " + TestModels.versionOf(B));
            restored.send(new Reading("press-01", 3L, 50.0));
            assertThat(restored.predictions())
                    .extracting(Prediction::modelVersion)
                    .containsExactly(TestModels.versionOf(B));
        }
    }

    @Test
    void aControlTopicCreatedAfterTheStartIsFollowedFromItsFirstAnnouncement() throws Exception {
        String topic = "models-later";
        try (var h = open(topic, System.currentTimeMillis(), null)) {
            h.send(new Reading("press-01", 1L, 50.0));
            tick(h, 5);
            KAFKA.broker().createTopic(topic, 1);
            announce(topic, TestModels.inline(TestModels.versionOf(B), B));

            assertThat(awaitStatuses(h, 1))
                    .extracting(s -> s.version() + " " + s.outcome())
                    .containsExactly(TestModels.versionOf(B) + " ACTIVATED");
        }
    }

    @Test
    void announcementsPublishedBeforeTheJobStartedAreNotApplied() throws Exception {
        String topic = "models-old";
        KAFKA.broker().createTopic(topic, 1);
        announce(topic, TestModels.inline("old", B));
        Thread.sleep(50);
        try (var h = open(topic, System.currentTimeMillis(), null)) {
            announce(topic, TestModels.inline("new", B));
            assertThat(awaitStatuses(h, 1)).extracting(ModelStatus::version).containsExactly("new");
            tick(h, 10);
            assertThat(h.statuses()).hasSize(1);
        }
    }

    // ---------------------------------------------------------------- helpers

    private ScoringHarness open(String topic, long followFrom, OperatorSubtaskState restoreFrom) throws Exception {
        Properties props = new Properties();
        props.putAll(KAFKA.broker().clientProperties());
        var h = ScoringHarness.open(
                A,
                0.0,
                3,
                new ScoreReadings.ModelTopic(props, topic, followFrom, AnnouncementPolicy.unsignedInlineOnly()),
                restoreFrom,
                1,
                0);
        h.harness.setProcessingTime(processingTime);
        return h;
    }

    /** Lets processing time pass (the harness's clock is manual), in steps of the update check. */
    private void tick(ScoringHarness h, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            processingTime += ScoreReadings.UPDATE_CHECK_MS;
            h.harness.setProcessingTime(processingTime);
            Thread.sleep(ScoreReadings.UPDATE_CHECK_MS);
        }
    }

    private List<ModelStatus> awaitStatuses(ScoringHarness h, int count) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
            tick(h, 1);
            return h.statuses().size() >= count;
        });
        return h.statuses();
    }

    private void announce(String topic, ModelAnnouncement announcement) {
        kafka.send(
                topic,
                List.of(new ProducerRecord<>(
                        topic,
                        announcement.version().getBytes(StandardCharsets.UTF_8),
                        ModelAnnouncementCodec.toJson(announcement))));
    }
}
