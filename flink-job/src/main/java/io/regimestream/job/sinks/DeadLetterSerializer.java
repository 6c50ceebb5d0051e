package io.regimestream.job.sinks;

import io.regimestream.common.codec.DeadLetterCodec;
import io.regimestream.common.records.DeadLetter;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Dead letters to Kafka: key = the reason code, value = the codec's JSON with the original payload.
 * A payload above {@link #MAX_PAYLOAD_BYTES} (an oversized message can be megabytes) is cut to its
 * start: the whole dead letter must fit in one Kafka message (1 MB by default), or the sink fails
 * and the job restarts on the same record forever. The detail then says where the whole message is.
 */
public class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    /** Well below Kafka's default 1 MB message limit even as base64. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter deadLetter, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp,
                deadLetter.reason().code().getBytes(StandardCharsets.UTF_8), DeadLetterCodec.toJson(capped(deadLetter)));
    }

    static DeadLetter capped(DeadLetter d) {
        if (d.payload().length <= MAX_PAYLOAD_BYTES) {
            return d;
        }
        String detail = d.detail() + " [payload cut to its first " + MAX_PAYLOAD_BYTES + " of " + d.payload().length
                + " bytes; the whole message is at " + d.sourceTopic() + "-" + d.partition() + "@" + d.offset() + "]";
        return new DeadLetter(d.reason(), detail, Arrays.copyOf(d.payload(), MAX_PAYLOAD_BYTES), d.sourceTopic(),
                d.partition(), d.offset(), d.time());
    }
}
