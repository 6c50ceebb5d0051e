package io.regimestream.job.sinks;

import io.regimestream.job.config.JobConfig;
import io.regimestream.job.records.JobOutput;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Routes each output of the job to its topic with its own serializer, so one Kafka sink (one
 * producer per task, one transaction per checkpoint in exactly-once) carries them all:
 * predictions, dead letters, regime changes, model statuses and model-drift events (drift figures
 * are InfluxDB points only).
 */
public class JobOutputSerializer implements KafkaRecordSerializationSchema<JobOutput> {

    private final PredictionSerializer predictions;
    private final DeadLetterSerializer deadLetters;
    private final RegimeChangeSerializer regimeChanges;
    private final ModelStatusSerializer modelStatuses;
    private final ModelDriftSerializer modelDrifts;

    public JobOutputSerializer(JobConfig config) {
        this.predictions = new PredictionSerializer(config.outputTopic(), config.probabilityRounding());
        this.deadLetters = new DeadLetterSerializer(config.deadLetterTopic());
        this.regimeChanges = new RegimeChangeSerializer(config.regimeChangesTopic());
        this.modelStatuses = new ModelStatusSerializer(config.modelStatusTopic());
        this.modelDrifts = new ModelDriftSerializer(config.driftTopic());
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(JobOutput out, KafkaSinkContext context, Long timestamp) {
        return switch (out.kind()) {
            case PREDICTION -> predictions.serialize(out.prediction(), context, timestamp);
            case DEAD_LETTER -> deadLetters.serialize(out.deadLetter(), context, timestamp);
            case REGIME_CHANGE -> regimeChanges.serialize(out.regimeChange(), context, timestamp);
            case MODEL_STATUS -> modelStatuses.serialize(out.modelStatus(), context, timestamp);
            case MODEL_DRIFT -> modelDrifts.serialize(out.modelDrift(), context, timestamp);
            case MODEL_HEALTH -> null; // InfluxDB only: Kafka's writer skips a null record
        };
    }
}
