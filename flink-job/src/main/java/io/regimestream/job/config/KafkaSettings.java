package io.regimestream.job.config;

import io.regimestream.common.config.KafkaClientSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How the job talks to Kafka: the client settings every client of the job shares, where its source
 * starts, and how its sink delivers. {@link #toString()} masks secrets.
 *
 * @param clientProperties      Kafka client settings (bootstrap servers, security); may hold secrets
 * @param groupId               the source's consumer group; offsets are committed on checkpoints
 * @param startingOffsets       where the source starts without a checkpoint
 * @param delivery              the Kafka sink's guarantee
 * @param transactionalIdPrefix prefix of the sink's transactional ids (exactly-once)
 * @param transactionTimeout    Kafka transaction timeout of the exactly-once sink; at most the broker's
 *                              transaction.max.timeout.ms
 * @param producerLinger        the Kafka producer's {@code linger.ms}, unless the client properties set it
 */
public record KafkaSettings(
        Properties clientProperties,
        String groupId,
        StartingOffsets startingOffsets,
        DeliveryMode delivery,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        Duration producerLinger) {

    public KafkaSettings {
        clientProperties = copy(clientProperties);
        Problems problems = new Problems();
        problems.requireSet("--bootstrap-servers HOST:PORT", clientProperties.getProperty("bootstrap.servers"));
        problems.requireSet("--group-id", groupId);
        problems.requireSet("--starting-offsets", startingOffsets);
        problems.requireSet("--delivery", delivery);
        problems.requireSet("--transactional-id-prefix", transactionalIdPrefix);
        if (problems.requireSet("--transaction-timeout", transactionTimeout)) {
            problems.check(
                    Problems.positive(transactionTimeout),
                    "--transaction-timeout must be positive, was " + transactionTimeout);
        }
        if (problems.requireSet("--producer-linger", producerLinger)) {
            problems.check(
                    !producerLinger.isNegative(), "--producer-linger must not be negative, was " + producerLinger);
        }
        problems.throwIfAny();
    }

    /** A copy of the Kafka client settings (bootstrap servers, security); may hold secrets. */
    @Override
    public Properties clientProperties() {
        return copy(clientProperties);
    }

    public String bootstrapServers() {
        return clientProperties.getProperty("bootstrap.servers");
    }

    public KafkaSettings withClientProperties(Properties properties) {
        return new KafkaSettings(
                properties,
                groupId,
                startingOffsets,
                delivery,
                transactionalIdPrefix,
                transactionTimeout,
                producerLinger);
    }

    public KafkaSettings withGroupId(String id) {
        return new KafkaSettings(
                clientProperties,
                id,
                startingOffsets,
                delivery,
                transactionalIdPrefix,
                transactionTimeout,
                producerLinger);
    }

    public KafkaSettings withStartingOffsets(StartingOffsets offsets) {
        return new KafkaSettings(
                clientProperties,
                groupId,
                offsets,
                delivery,
                transactionalIdPrefix,
                transactionTimeout,
                producerLinger);
    }

    public KafkaSettings withDelivery(DeliveryMode mode) {
        return new KafkaSettings(
                clientProperties,
                groupId,
                startingOffsets,
                mode,
                transactionalIdPrefix,
                transactionTimeout,
                producerLinger);
    }

    public KafkaSettings withTransactionalIdPrefix(String prefix) {
        return new KafkaSettings(
                clientProperties, groupId, startingOffsets, delivery, prefix, transactionTimeout, producerLinger);
    }

    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("clients", KafkaClientSettings.describe(clientProperties));
        shown.put("groupId", groupId);
        shown.put("startingOffsets", startingOffsets.option());
        shown.put("delivery", delivery.option());
        shown.put("transactionalIdPrefix", transactionalIdPrefix);
        shown.put("transactionTimeout", transactionTimeout);
        shown.put("producerLinger", producerLinger);
        return "KafkaSettings" + shown;
    }

    private static Properties copy(Properties properties) {
        Properties copy = new Properties();
        if (properties != null) {
            copy.putAll(properties);
        }
        return copy;
    }
}
