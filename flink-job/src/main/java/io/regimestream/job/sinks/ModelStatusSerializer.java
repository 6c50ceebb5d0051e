package io.regimestream.job.sinks;

import io.regimestream.common.codec.ModelStatusCodec;
import io.regimestream.common.records.ModelStatus;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/** Model statuses to Kafka: key = the announced version, value = the codec's JSON. */
public class ModelStatusSerializer implements KafkaRecordSerializationSchema<ModelStatus> {

    private final String topic;

    public ModelStatusSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(ModelStatus status, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, status.version().getBytes(StandardCharsets.UTF_8),
                ModelStatusCodec.toJson(status));
    }
}
