package io.regimestream.job.sinks;

import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.KafkaSettings;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Builds the job's Kafka sink with the configured delivery guarantee. */
public final class KafkaSinks {

    private KafkaSinks() {}

    /**
     * @param name goes into the transactional ids ({@code <prefix>-<name>}), e.g. {@code outputs}
     */
    public static <T> KafkaSink<T> create(
            KafkaSettings config, String name, KafkaRecordSerializationSchema<T> serializer) {
        return create(config, name, serializer, config.delivery(), Map.of());
    }

    /**
     * The same with {@code delivery} instead of the configured one, and {@code producerDefaults}
     * for producer settings the job's Kafka properties leave open.
     */
    static <T> KafkaSink<T> create(
            KafkaSettings config,
            String name,
            KafkaRecordSerializationSchema<T> serializer,
            DeliveryMode delivery,
            Map<String, String> producerDefaults) {
        Properties producer = config.clientProperties();
        producerDefaults.forEach(producer::putIfAbsent);
        // Batching a little raises throughput a lot at little latency cost (--producer-linger).
        producer.putIfAbsent(
                ProducerConfig.LINGER_MS_CONFIG,
                String.valueOf(config.producerLinger().toMillis()));
        if (delivery == DeliveryMode.EXACTLY_ONCE) {
            // Flink's default (1 h) exceeds the broker's transaction.max.timeout.ms (15 min): the job would
            // restart forever without a word at WARN.
            producer.putIfAbsent(
                    ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                    String.valueOf(config.transactionTimeout().toMillis()));
        }
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(producer)
                .setDeliveryGuarantee(delivery.guarantee())
                .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + name)
                .setRecordSerializer(serializer)
                .build();
    }
}
