package io.regimestream.job.sinks;

import io.regimestream.job.records.JobOutput;
import org.apache.flink.api.common.serialization.SerializationSchema;

import java.nio.charset.StandardCharsets;

/**
 * The Kafka key of each output: the machine id for predictions and regime changes (a machine's
 * records stay in one partition, in order), the reason code for dead letters, the announced
 * version for model statuses.
 */
final class OutputKeys implements SerializationSchema<JobOutput> {

    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(JobOutput out) {
        String key = switch (out.kind()) {
            case PREDICTION -> out.prediction().prediction().machineId();
            case DEAD_LETTER -> out.deadLetter().reason().code();
            case REGIME_CHANGE -> out.regimeChange().machineId();
            case MODEL_STATUS -> out.modelStatus().version();
        };
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
