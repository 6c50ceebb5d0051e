package io.regimestream.job.sinks;

import io.regimestream.common.codec.PredictionJsonWriter;
import io.regimestream.common.codec.ProbabilityRounding;
import io.regimestream.job.records.ScoredReading;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Predictions to Kafka: key = machine id (so one machine's predictions stay in order), value = the
 * codec's JSON, written through one reused {@link PredictionJsonWriter} per sink task, with
 * probabilities at full precision or rounded (--probability-digits).
 */
public class PredictionSerializer implements KafkaRecordSerializationSchema<ScoredReading> {

    private final String topic;
    private final ProbabilityRounding rounding;
    private transient PredictionJsonWriter json;

    public PredictionSerializer(String topic, ProbabilityRounding rounding) {
        this.topic = topic;
        this.rounding = Objects.requireNonNull(rounding);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(ScoredReading scored, KafkaSinkContext context, Long timestamp) {
        if (json == null) {
            json = new PredictionJsonWriter(rounding); // per task: not thread-safe, not serializable
        }
        return new ProducerRecord<>(topic, null, timestamp,
                scored.prediction().machineId().getBytes(StandardCharsets.UTF_8), json.toJson(scored.prediction()));
    }
}
