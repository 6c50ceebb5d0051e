package io.regimestream.job.records;

import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.ModelDrift;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.RegimeChange;
import io.regimestream.job.canary.CanaryReport;

/**
 * One output of the scoring operator, of one of seven kinds: the single stream that feeds the one
 * Kafka sink (which routes each kind to its topic) and the one InfluxDB sink. Exactly the field of
 * its kind is set; the others are null. A Flink POJO (a record of records), never Kryo.
 */
public record JobOutput(
        Kind kind,
        ScoredReading prediction,
        DeadLetter deadLetter,
        RegimeChange regimeChange,
        ModelStatus modelStatus,
        ModelHealth modelHealth,
        ModelDrift modelDrift,
        CanaryReport canaryReport) {

    /** What an output is, and so which topic it goes to. */
    public enum Kind {
        PREDICTION,
        DEAD_LETTER,
        REGIME_CHANGE,
        MODEL_STATUS,
        MODEL_HEALTH,
        MODEL_DRIFT,
        /** A task's canary figures of one interval: to the control topic, where every task counts them, and InfluxDB. */
        CANARY_REPORT
    }

    public static JobOutput of(ScoredReading prediction) {
        return new JobOutput(Kind.PREDICTION, prediction, null, null, null, null, null, null);
    }

    public static JobOutput of(DeadLetter deadLetter) {
        return new JobOutput(Kind.DEAD_LETTER, null, deadLetter, null, null, null, null, null);
    }

    public static JobOutput of(RegimeChange change) {
        return new JobOutput(Kind.REGIME_CHANGE, null, null, change, null, null, null, null);
    }

    public static JobOutput of(ModelStatus status) {
        return new JobOutput(Kind.MODEL_STATUS, null, null, null, status, null, null, null);
    }

    /** Drift figures of a window: an InfluxDB point only, nothing in Kafka. */
    public static JobOutput of(ModelHealth health) {
        return new JobOutput(Kind.MODEL_HEALTH, null, null, null, null, health, null, null);
    }

    public static JobOutput of(ModelDrift drift) {
        return new JobOutput(Kind.MODEL_DRIFT, null, null, null, null, null, drift, null);
    }

    /** A canary report, sealed: a record on the control topic and an InfluxDB point. */
    public static JobOutput of(CanaryReport report) {
        return new JobOutput(Kind.CANARY_REPORT, null, null, null, null, null, null, report);
    }

    /**
     * Only the kind (consistent with the record's equals): the Kafka sink's topic selector
     * ({@code KafkaRecordSerializationSchemaBuilder}'s caching one) hashes every output it routes, and
     * a deep hash would box every field of every prediction and hash a dead letter's whole payload.
     */
    @Override
    public int hashCode() {
        return kind.hashCode();
    }

    /** Drift figures go to InfluxDB only; every other kind is a Kafka record. */
    public boolean hasKafkaRecord() {
        return kind != Kind.MODEL_HEALTH;
    }

    /**
     * Model statuses go to Kafka only, but for shadow reports and canary decisions, and so do cleared drift events
     * (InfluxDB's {@code model_drift} is the drift raised: Grafana's annotations and alert); every other kind also
     * becomes an InfluxDB point.
     */
    public boolean hasInfluxPoint() {
        return switch (kind) {
            case MODEL_STATUS -> modelStatus.shadow() != null || modelStatus.canary() != null;
            case MODEL_DRIFT -> !modelDrift.cleared();
            default -> true;
        };
    }
}
