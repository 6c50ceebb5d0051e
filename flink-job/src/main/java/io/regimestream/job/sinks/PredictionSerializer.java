package io.regimestream.job.sinks;

import io.regimestream.common.codec.RecordCodec;
import io.regimestream.job.records.ScoredReading;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/** Predictions to Kafka: key = machine id (so one machine's predictions stay in order), value = the codec's JSON. */
public class PredictionSerializer implements KafkaRecordSerializationSchema<ScoredReading> {

    private final String topic;

    public PredictionSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(ScoredReading scored, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp,
                scored.prediction().machineId().getBytes(StandardCharsets.UTF_8), RecordCodec.toJson(scored.prediction()));
    }
}
