package io.regimestream.job.sinks;

import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.RejectReason;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.sinks.influxdb.RejectedPoints;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends the points InfluxDB refused for good to the dead-letter topic, reason
 * {@code influxdb_rejected}, with InfluxDB's message as the detail and the point's line protocol
 * as the payload. The InfluxDB sink sits after the job's Kafka sinks, so it has its own small
 * producer (one per sink writer): idempotent, {@code acks=all}, and a batch of points counts as
 * done only once Kafka acknowledged its dead letters, so they are covered by the next checkpoint
 * (at-least-once; a replay can send a dead letter again).
 */
public final class DeadLetterProducer implements RejectedPoints {

    private static final long serialVersionUID = 1L;

    private final Properties kafkaProperties;
    private final KafkaRecordSerializationSchema<JobOutput> serializer;
    private final String database;

    /**
     * @param kafkaProperties the job's Kafka client settings
     * @param serializer      the job's Kafka record serializer ({@link JobOutputSerializer}), for the dead-letter topic
     * @param database        the InfluxDB database the refused points were meant for
     */
    public DeadLetterProducer(
            Properties kafkaProperties, KafkaRecordSerializationSchema<JobOutput> serializer, String database) {
        this.kafkaProperties = new Properties();
        this.kafkaProperties.putAll(kafkaProperties);
        this.serializer = serializer;
        this.database = database;
    }

    @Override
    public Writer open() {
        try {
            serializer.open(
                    null, null); // the Kafka sink's own serializer, used outside a Kafka sink: it needs no context
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the dead-letter serializer", e);
        }
        Properties producerProperties = new Properties();
        producerProperties.putAll(kafkaProperties);
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties);
        String source = "influxdb/" + database;
        return new Writer() {
            @Override
            public CompletableFuture<Void> rejected(List<String> lines, String influxMessage) {
                CompletableFuture<?>[] sent = new CompletableFuture<?>[lines.size()];
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    DeadLetter deadLetter = new DeadLetter(
                            RejectReason.INFLUXDB_REJECTED,
                            "InfluxDB refused the point: " + influxMessage,
                            line.getBytes(StandardCharsets.UTF_8),
                            source,
                            -1,
                            -1,
                            pointMillis(line));
                    ProducerRecord<byte[], byte[]> record;
                    // Refused points arrive on the HTTP client's threads, several at once; the Kafka
                    // sink's serializer (its caching topic selector) is meant for one task thread.
                    synchronized (serializer) {
                        record = serializer.serialize(JobOutput.of(deadLetter), null, null);
                    }
                    CompletableFuture<Void> acknowledged = new CompletableFuture<>();
                    producer.send(record, (metadata, error) -> {
                        if (error == null) {
                            acknowledged.complete(null);
                        } else {
                            acknowledged.completeExceptionally(error);
                        }
                    });
                    sent[i] = acknowledged;
                }
                return CompletableFuture.allOf(sent);
            }

            @Override
            public void close() {
                producer.close();
            }
        };
    }

    /** The point's own time (the last field of its line, in ns), so a replayed reject carries the same time. */
    static long pointMillis(String line) {
        int lastSpace = line.lastIndexOf(' ');
        try {
            return Long.parseLong(line.substring(lastSpace + 1)) / 1_000_000L;
        } catch (NumberFormatException noTimestamp) {
            return System.currentTimeMillis();
        }
    }
}
