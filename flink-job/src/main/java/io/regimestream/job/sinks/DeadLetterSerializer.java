package io.regimestream.job.sinks;

import io.regimestream.common.codec.RecordCodec;
import io.regimestream.common.records.DeadLetter;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/** Dead letters to Kafka: key = the reason code, value = the codec's JSON with the original payload. */
public class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter deadLetter, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp,
                deadLetter.reason().code().getBytes(StandardCharsets.UTF_8), RecordCodec.toJson(deadLetter));
    }
}
