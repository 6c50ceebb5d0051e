package io.regimestream.localservices;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.localservices.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Starts a real in-process KRaft Kafka broker and talks to it with real clients. */
class KafkaBrokerIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void committedTransactionsAreVisibleToReadCommittedConsumersAndAbortedOnesAreNot() throws Exception {
        KAFKA.broker().createTopic("tx-topic", 2);
        try (KafkaProducer<String, String> producer = producer("tx-1")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx-topic", "k", "kept"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx-topic", "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
        }
        assertThat(readAll("tx-topic", 1)).containsExactly("kept");
    }

    @Test
    void dataSurvivesABrokerRestartOnTheSamePort() throws Exception {
        KafkaBroker broker = KAFKA.broker();
        broker.createTopic("restart-topic", 1);
        try (KafkaProducer<String, String> producer = producer(null)) {
            producer.send(new ProducerRecord<>("restart-topic", "k", "before")).get();
        }
        String bootstrap = broker.bootstrapServers();
        broker.stop();
        assertThat(broker.isRunning()).isFalse();
        broker.start();
        assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
        try (KafkaProducer<String, String> producer = producer(null)) {
            producer.send(new ProducerRecord<>("restart-topic", "k", "after")).get();
        }
        assertThat(readAll("restart-topic", 2)).containsExactly("before", "after");
    }

    private static KafkaProducer<String, String> producer(String transactionalId) {
        Properties p = new Properties();
        p.putAll(KAFKA.broker().clientProperties());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(p);
    }

    private static List<String> readAll(String topic, int expected) {
        Properties p = new Properties();
        p.putAll(KAFKA.broker().clientProperties());
        p.putAll(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName()));
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 20_000;
            // Read a little past the expected count, so an extra record would be seen.
            long quietUntil = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                if (values.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.currentTimeMillis() + 1_000;
                }
            }
        }
        return values;
    }
}
