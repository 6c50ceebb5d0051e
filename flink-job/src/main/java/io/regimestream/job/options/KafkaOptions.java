package io.regimestream.job.options;

import io.regimestream.cli.KafkaClientOptions;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.KafkaSettings;
import io.regimestream.job.config.Problems;
import io.regimestream.job.config.StartingOffsets;
import java.time.Duration;
import java.util.Properties;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of {@link KafkaSettings}: how the job reaches Kafka, where it starts, how it delivers. */
public class KafkaOptions {

    @Mixin
    KafkaClientOptions clients = new KafkaClientOptions();

    @Option(
            names = "--group-id",
            paramLabel = "ID",
            defaultValue = "${env:GROUP_ID}",
            description =
                    "Kafka consumer group; offsets are committed on checkpoints (env GROUP_ID; default: ${DEFAULT-VALUE}).")
    String groupId = "regime-scoring";

    @Option(
            names = "--starting-offsets",
            paramLabel = "committed|earliest|latest",
            defaultValue = "${env:STARTING_OFFSETS}",
            description =
                    "Where to start without a checkpoint: the group's committed offsets (earliest where it has none), "
                            + "earliest or latest (env STARTING_OFFSETS; default: ${DEFAULT-VALUE}).")
    String startingOffsets = "committed";

    @Option(
            names = "--delivery",
            paramLabel = "exactly-once|at-least-once",
            defaultValue = "${env:DELIVERY}",
            description = "Kafka sink guarantee: exactly-once uses transactions (consumers read with "
                    + "isolation.level=read_committed) and publishes on each checkpoint, so it needs Flink's "
                    + "checkpointing (execution.checkpointing.interval): without it the job refuses to start "
                    + "(env DELIVERY; default: ${DEFAULT-VALUE}).")
    String delivery = "exactly-once";

    @Option(
            names = "--transactional-id-prefix",
            paramLabel = "PREFIX",
            defaultValue = "${env:TRANSACTIONAL_ID_PREFIX}",
            description = "Prefix of the Kafka transactional ids in exactly-once mode; unique per job on a cluster "
                    + "(env TRANSACTIONAL_ID_PREFIX; default: ${DEFAULT-VALUE}).")
    String transactionalIdPrefix = "regime-scoring";

    @Option(
            names = "--transaction-timeout",
            paramLabel = "DURATION",
            defaultValue = "${env:TRANSACTION_TIMEOUT}",
            description = "Kafka transaction timeout in exactly-once mode: at least Flink's "
                    + "execution.checkpointing.interval + execution.checkpointing.timeout (checked at start), at most "
                    + "the broker's transaction.max.timeout.ms (15min by default) "
                    + "(env TRANSACTION_TIMEOUT; default: ${DEFAULT-VALUE}).")
    // Below the broker's default transaction.max.timeout.ms (15 min), which a longer timeout would exceed.
    String transactionTimeout = "10min";

    @Option(
            names = "--producer-linger",
            paramLabel = "DURATION",
            defaultValue = "${env:PRODUCER_LINGER}",
            description =
                    "How long the Kafka producer waits to fill a batch (linger.ms): more throughput for a little "
                            + "latency; a linger.ms in the Kafka properties wins (env PRODUCER_LINGER; default: ${DEFAULT-VALUE}).")
    // A lot more throughput for a few ms of latency.
    String producerLinger = "5ms";

    /** @throws IllegalArgumentException naming every option that is wrong */
    public KafkaSettings toSettings() {
        Problems problems = new Problems();
        Properties clientProperties = problems.read(() -> clients.settings().clientProperties());
        StartingOffsets offsets = problems.read(() -> StartingOffsets.parse(startingOffsets));
        DeliveryMode mode = problems.read(() -> DeliveryMode.parse(delivery));
        Duration transactions = problems.read(() -> Durations.parse("--transaction-timeout", transactionTimeout));
        Duration linger = problems.read(() -> Durations.parse("--producer-linger", producerLinger));
        problems.throwIfAny();
        return new KafkaSettings(clientProperties, groupId, offsets, mode, transactionalIdPrefix, transactions, linger);
    }
}
