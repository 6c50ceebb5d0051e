package io.regimestream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.TopicCreation;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.client.program.ProgramParametrizationException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The model control topic is one ordered stream, kept for good: the job creates it with one
 * partition and {@code retention.ms=-1} (before, with {@code --partitions}, 4), and refuses to start
 * on one with more partitions, saying how to fix it. A real Kafka broker.
 */
class ControlTopicIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void theJobCreatesTheControlTopicWithOnePartitionKeptForGood() throws Exception {
        JobConfig config = JobConfig.defaults(KAFKA.bootstrapServers())
                .withTopics(t -> t.withReadings("readings-ct")
                        .withPredictions("regimes-ct")
                        .withDeadLetters("dlq-ct")
                        .withModels("models-ct")
                        .withModelStatus("status-ct")
                        .withRegimeChanges("changes-ct")
                        .withDrift("drift-ct"))
                .withTopicCreation(new TopicCreation(true, 4, 0)); // --create-topics

        TopicSetup.ensureTopics(config.kafka(), config.topics(), config.topicCreation());

        try (Admin admin = KAFKA.broker().admin()) {
            // Created topics reach the broker's metadata a moment later: describe until they are there.
            assertThat(await("the created topics described")
                            .atMost(Duration.ofSeconds(30))
                            .ignoreExceptions()
                            .until(
                                    () -> admin.describeTopics(List.of("models-ct", "readings-ct"))
                                            .allTopicNames()
                                            .get(30, TimeUnit.SECONDS),
                                    d -> true))
                    .satisfies(d -> {
                        assertThat(d.get("models-ct").partitions()).hasSize(1);
                        assertThat(d.get("readings-ct").partitions())
                                .hasSize(config.topicCreation().partitions());
                    });
            ConfigResource models = new ConfigResource(ConfigResource.Type.TOPIC, "models-ct");
            Config topicConfig = admin.describeConfigs(List.of(models))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(models);
            assertThat(topicConfig.get("retention.ms").value()).isEqualTo("-1");
        }
    }

    @Test
    void aControlTopicWithSeveralPartitionsFailsTheStartSayingWhy() {
        KAFKA.broker().createTopic("models-four", 4);

        assertThatThrownBy(() -> RegimeScoringJob.main(new String[] {
                    "--bootstrap-servers",
                    KAFKA.bootstrapServers(),
                    "--model-topic",
                    "models-four",
                    "--model",
                    TestModels.committed().toString(),
                    "--allow-unsigned-models",
                    "--create-topics",
                    "--delivery",
                    "at-least-once", // Flink's settings here have no checkpoints
                    "--no-influxdb"
                }))
                .isInstanceOf(ProgramParametrizationException.class)
                .hasMessageContaining("the model control topic models-four has 4 partitions")
                .hasMessageContaining("exactly one")
                .hasMessageContaining("--partitions 1 --config retention.ms=-1")
                .hasMessageNotContaining("\n");
    }
}
