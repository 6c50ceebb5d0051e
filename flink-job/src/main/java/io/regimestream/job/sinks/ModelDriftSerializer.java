package io.regimestream.job.sinks;

import io.regimestream.common.codec.ModelDriftCodec;
import io.regimestream.common.records.ModelDrift;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/** Model-drift events to Kafka: key = machine id ({@code overall/<task>} for a task's overall series), value = the codec's JSON. */
public class ModelDriftSerializer implements KafkaRecordSerializationSchema<ModelDrift> {

    private final String topic;

    public ModelDriftSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(ModelDrift drift, KafkaSinkContext context, Long timestamp) {
        String key = drift.overall() ? "overall/" + drift.task() : drift.machineId();
        return new ProducerRecord<>(topic, null, timestamp, key.getBytes(StandardCharsets.UTF_8), ModelDriftCodec.toJson(drift));
    }
}
