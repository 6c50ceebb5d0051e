package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.codec.ModelStatusCodec;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.job.RegimeScoringJob;
import io.regimestream.job.testing.KafkaTopics;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ProgramParametrizationException;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signed by default: the job as {@code flink run} starts it ({@code RegimeScoringJob.main}, on a
 * Flink MiniCluster, a real Kafka broker) refuses to start without a public key, and with
 * {@code --allow-unsigned-models} runs and says so in its log, its name in the web UI, a metric of
 * every scoring task and a {@code warning} status of every task on the status topic.
 */
class UnsignedModelsIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final Duration WAIT = Duration.ofMinutes(2);

    private final KafkaTopics kafka = new KafkaTopics(KAFKA.broker());

    @Test
    void withoutAPublicKeyTheJobRefusesToStart() {
        assertThatThrownBy(() -> RegimeScoringJob.main(args("refused", false)))
                .isInstanceOf(ProgramParametrizationException.class)
                .hasMessageStartingWith("error: the job accepts only signed model announcements")
                .hasMessageContaining("--allow-unsigned-models");
    }

    @Test
    void withAllowUnsignedModelsItRunsAndSaysSoInItsLogNameMetricsAndStatusTopic() throws Exception {
        AtomicReference<Throwable> ended = new AtomicReference<>();
        try (CapturedLogs logs = CapturedLogs.capture()) {
            Thread main = new Thread(
                    () -> {
                        try {
                            RegimeScoringJob.main(args("unsigned", true));
                        } catch (Throwable t) {
                            ended.set(t); // cancelled at the end
                        }
                    },
                    "regime-scoring-job main");
            main.start();
            JobID job = await("the job running")
                    .atMost(WAIT)
                    .failFast("main ended: " + ended.get(), () -> !main.isAlive())
                    .until(() -> ScoringJobs.runningJob(FLINK), id -> id != null);
            try {
                assertThat(ScoringJobs.jobName(FLINK, job))
                        .as("the job's name in the web UI")
                        .isEqualTo("Regime scoring [UNSIGNED MODELS ACCEPTED]");
                List<ModelStatus> warnings = await("a warning status of every scoring task")
                        .atMost(WAIT)
                        .until(() -> statuses("unsigned"), s -> s.size() >= 2);
                assertThat(warnings).allSatisfy(s -> {
                    assertThat(s.outcome()).isEqualTo(ModelStatus.Outcome.WARNING);
                    assertThat(s.detail())
                            .contains(
                                    "accepts unsigned model announcements", "anyone who can write to models-unsigned");
                });
                assertThat(warnings).extracting(ModelStatus::task).doesNotHaveDuplicates();
                Map<String, String> metric = await("the metric of every scoring task")
                        .atMost(WAIT)
                        .until(
                                () -> ScoringJobs.operatorMetric(FLINK, job, "unsignedModelsAccepted"),
                                m -> m.size() == 2);
                assertThat(metric.values()).containsOnly("1");
                assertThat(logs.text()).contains("Model announcements are not authenticated");

                kafka.send(
                        "models-unsigned",
                        List.of(new ProducerRecord<>(
                                "models-unsigned",
                                "k3".getBytes(StandardCharsets.UTF_8),
                                ModelAnnouncementCodec.toJson(TestModels.inline("k3-unsigned", TestModels.second())))));
                await("an unsigned announcement activated, as asked")
                        .atMost(WAIT)
                        .until(() -> statuses("unsigned").stream()
                                        .filter(s -> s.outcome() == ModelStatus.Outcome.ACTIVATED)
                                        .count()
                                >= 2);
            } finally {
                ScoringJobs.cancel(FLINK, job);
                main.join(Duration.ofMinutes(1).toMillis());
            }
        }
    }

    private static String[] args(String name, boolean allowUnsigned) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--input-topic",
                "readings-" + name,
                "--output-topic",
                "regimes-" + name,
                "--dlq-topic",
                "dlq-" + name,
                "--model-topic",
                "models-" + name,
                "--model-status-topic",
                "status-" + name,
                "--regime-changes-topic",
                "changes-" + name,
                "--drift-topic",
                "drift-" + name,
                "--group-id",
                "it-" + name,
                "--transactional-id-prefix",
                "it-" + name,
                "--delivery", // no checkpoints needed: Flink's settings are the MiniCluster's
                "at-least-once",
                "--create-topics",
                "--model",
                TestModels.committed().toString(),
                "--no-influxdb"));
        if (allowUnsigned) {
            args.add("--allow-unsigned-models");
        }
        return args.toArray(String[]::new);
    }

    private List<ModelStatus> statuses(String name) {
        return kafka.readCommitted("status-" + name).stream()
                .map(r -> ModelStatusCodec.fromJson(r.value()))
                .toList();
    }
}
