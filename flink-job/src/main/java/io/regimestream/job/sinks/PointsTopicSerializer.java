package io.regimestream.job.sinks;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a line of line protocol as the value of a record of the points topic, always into
 * partition 0: one partition keeps each scoring task's points before its end marker for the one
 * InfluxDB writer that reads them (InfluxDB is one server; one writer with several requests in
 * flight keeps it busy).
 */
final class PointsTopicSerializer implements KafkaRecordSerializationSchema<String> {

    private static final long serialVersionUID = 1L;

    static final int PARTITION = 0;

    private final String topic;

    PointsTopicSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(String line, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, PARTITION, timestamp, null, line.getBytes(StandardCharsets.UTF_8));
    }
}
