package io.regimestream.job.sinks;

import io.regimestream.job.records.JobOutput;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * The Kafka key of each output: the machine id for predictions and regime changes (a machine's
 * records stay in one partition, in order), the reason code for dead letters, the announced
 * version for model statuses, the machine id for model-drift events ({@code overall/<task>} for a
 * task's overall series), the canary's version for canary reports.
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
            case MODEL_DRIFT -> out.modelDrift().seriesKey();
            case CANARY_REPORT -> out.canaryReport().candidateVersion();
            case MODEL_HEALTH -> throw new IllegalArgumentException("drift figures have no Kafka record");
        };
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
