package io.regimestream.job.sinks;

import io.regimestream.common.codec.RegimeChangeCodec;
import io.regimestream.common.records.RegimeChange;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/** Regime changes to Kafka: key = machine id (a machine's changes stay in order), value = the codec's JSON. */
public class RegimeChangeSerializer implements KafkaRecordSerializationSchema<RegimeChange> {

    private final String topic;

    public RegimeChangeSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(RegimeChange change, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, change.machineId().getBytes(StandardCharsets.UTF_8),
                RegimeChangeCodec.toJson(change));
    }
}
