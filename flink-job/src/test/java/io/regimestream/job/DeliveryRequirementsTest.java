package io.regimestream.job;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.KafkaSettings;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** Exactly-once needs Flink's checkpoints; the job checks them at start and sets none itself. */
class DeliveryRequirementsTest {

    private static final KafkaSettings EXACTLY_ONCE =
            io.regimestream.job.config.JobConfig.defaults("127.0.0.1:1").kafka();
    private static final KafkaSettings AT_LEAST_ONCE = EXACTLY_ONCE.withDelivery(DeliveryMode.AT_LEAST_ONCE);

    @Test
    void exactlyOnceWithoutCheckpointingFailsNamingTheFlinkSetting() {
        assertThatThrownBy(() -> DeliveryRequirements.check(checkpoints(Map.of()), EXACTLY_ONCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Flink's configuration has checkpointing off")
                .hasMessageContaining("set execution.checkpointing.interval")
                .hasMessageContaining("-Dexecution.checkpointing.interval=10s")
                .hasMessageContaining("flink-job/conf/config.yaml")
                .hasMessageContaining("or use --delivery at-least-once");
    }

    @Test
    void atLeastOnceNeedsNoCheckpoints() {
        assertThatCode(() -> DeliveryRequirements.check(checkpoints(Map.of()), AT_LEAST_ONCE))
                .doesNotThrowAnyException();
    }

    @Test
    void aTransactionTimeoutShorterThanIntervalPlusCheckpointTimeoutFailsSayingWhatToChange() {
        // Flink's default checkpoint timeout (10 min) + 10 s exceeds the job's 10 min transaction timeout.
        assertThatThrownBy(() -> DeliveryRequirements.check(
                        checkpoints(Map.of("execution.checkpointing.interval", "10 s")), EXACTLY_ONCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--transaction-timeout (10 min) must be at least Flink's "
                        + "execution.checkpointing.interval + execution.checkpointing.timeout (10 s + 10 min)")
                .hasMessageContaining("lower execution.checkpointing.timeout");
    }

    @Test
    void theRecommendedSettingsCarryExactlyOnce() {
        assertThatCode(() -> DeliveryRequirements.check(
                        StreamExecutionEnvironment.getExecutionEnvironment(LocalFlinkConfiguration.recommended())
                                .getCheckpointConfig(),
                        EXACTLY_ONCE))
                .doesNotThrowAnyException();
    }

    private static CheckpointConfig checkpoints(Map<String, String> settings) {
        return StreamExecutionEnvironment.getExecutionEnvironment(Configuration.fromMap(settings))
                .getCheckpointConfig();
    }
}
