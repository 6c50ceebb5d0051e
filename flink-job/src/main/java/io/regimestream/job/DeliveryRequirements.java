package io.regimestream.job;

import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.KafkaSettings;
import java.time.Duration;
import org.apache.flink.streaming.api.environment.CheckpointConfig;

/**
 * What the job's correctness needs from Flink's configuration, checked when the job is built and
 * never set by it: Flink's configuration wins, so a job that cannot deliver as asked fails at
 * start with a message naming the Flink setting, instead of quietly changing the cluster's.
 */
final class DeliveryRequirements {

    private static final String WHERE = "(-Dexecution.checkpointing.interval=10s to flink run or bin/job, config.yaml,"
            + " FLINK_PROPERTIES, or the FlinkDeployment's flinkConfiguration; "
            + LocalFlinkConfiguration.PROJECT_CONF_DIR + "/config.yaml has the recommended settings)";

    private DeliveryRequirements() {}

    /** @throws IllegalArgumentException when exactly-once delivery cannot work with these checkpoints */
    static void check(CheckpointConfig checkpoints, KafkaSettings kafka) {
        if (kafka.delivery() != DeliveryMode.EXACTLY_ONCE) {
            return;
        }
        if (!checkpoints.isCheckpointingEnabled()) {
            throw new IllegalArgumentException("--delivery exactly-once publishes the Kafka output on checkpoints, "
                    + "but Flink's configuration has checkpointing off: set execution.checkpointing.interval "
                    + WHERE + ", or use --delivery at-least-once");
        }
        Duration interval = Duration.ofMillis(checkpoints.getCheckpointInterval());
        Duration timeout = Duration.ofMillis(checkpoints.getCheckpointTimeout());
        // A transaction stays open from one checkpoint until the next one completes: a shorter timeout aborts it.
        if (kafka.transactionTimeout().compareTo(interval.plus(timeout)) < 0) {
            throw new IllegalArgumentException("--transaction-timeout (" + text(kafka.transactionTimeout())
                    + ") must be at least Flink's execution.checkpointing.interval + execution.checkpointing.timeout ("
                    + text(interval) + " + " + text(timeout) + "), since a Kafka transaction stays open until the "
                    + "next checkpoint completes: lower execution.checkpointing.timeout (the recommended config.yaml "
                    + "has 5 min) or raise --transaction-timeout up to the broker's transaction.max.timeout.ms");
        }
    }

    private static String text(Duration duration) {
        return org.apache.flink.util.TimeUtils.formatWithHighestUnit(duration);
    }
}
