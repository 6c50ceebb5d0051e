package io.regimestream.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JobConfigTest {

    @Test
    void codeChangesOneGroupAndTheCopyIsCheckedLikeTheCommandLine() {
        JobConfig config = JobConfig.defaults("127.0.0.1:9")
                .withKafka(k -> k.withGroupId("other").withDelivery(DeliveryMode.AT_LEAST_ONCE));

        assertThat(config.kafka().groupId()).isEqualTo("other");
        assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9");
        assertThat(config.kafka().delivery()).isEqualTo(DeliveryMode.AT_LEAST_ONCE);
        assertThat(config.topics()).isEqualTo(JobConfig.defaults().topics());
        assertThatThrownBy(() -> config.withKafka(k -> k.withGroupId(" ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no --group-id given");
        assertThatThrownBy(() -> config.withScoring(s -> s.withRegimeChangeReadings(0)))
                .hasMessageContaining("--regime-change-readings must be at least 1");
    }

    @Test
    void theOneListOfTopicsHoldsEveryTopicOnce() {
        Topics topics = JobConfig.defaults().topics().withDrift("same").withModelStatus("same");

        assertThat(topics.all())
                .containsExactly(
                        topics.readings(),
                        topics.predictions(),
                        topics.deadLetters(),
                        topics.regimeChanges(),
                        "same",
                        topics.models());
        assertThatThrownBy(() -> topics.withDeadLetters(" ")).hasMessageContaining("no --dlq-topic given");
    }

    @Test
    void secretsNeverShowInTheConfigurationsText() {
        java.util.Properties kafka = new java.util.Properties();
        kafka.setProperty("bootstrap.servers", "127.0.0.1:9");
        kafka.setProperty("sasl.jaas.config", "secret-jaas");
        JobConfig config = JobConfig.defaults()
                .withKafka(k -> k.withClientProperties(kafka))
                .withInflux(new InfluxSettings("http://127.0.0.1:1", "regimes", "grafana", "hunter2"));

        assertThat(config.toString())
                .contains("grafana", "127.0.0.1:9")
                .doesNotContain("hunter2")
                .doesNotContain("secret-jaas");
    }
}
