package io.regimestream.job.sinks;

import io.regimestream.job.config.OutputSettings;
import io.regimestream.job.config.Topics;
import io.regimestream.job.records.JobOutput;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;

/**
 * The one Kafka sink's record serializer (one producer per task, one transaction per checkpoint in
 * exactly-once), from the connector's builder: each output goes to the topic of its kind
 * ({@link OutputTopics}) with its key ({@link OutputKeys}) and the codec's JSON ({@link OutputValues}).
 * Call {@code open} before {@code serialize} outside a Kafka sink (the sink calls it itself).
 */
public final class JobOutputSerializer {

    /** Well below Kafka's default 1 MB message limit even as base64: a longer dead-letter payload is cut. */
    public static final int MAX_DEAD_LETTER_PAYLOAD_BYTES = 64 * 1024;

    private JobOutputSerializer() {}

    public static KafkaRecordSerializationSchema<JobOutput> create(Topics topics, OutputSettings output) {
        return KafkaRecordSerializationSchema.<JobOutput>builder()
                .setTopicSelector(OutputTopics.of(topics))
                .setKeySerializationSchema(new OutputKeys())
                .setValueSerializationSchema(new OutputValues(output.predictionFormat(), output.probabilityRounding()))
                .build();
    }
}
