package io.regimestream.job;

/**
 * The uid of every operator of the job, in one place: savepoints map state to operators by uid, so
 * a uid must never change (SavepointCompatibilityIT restores a savepoint of the graph; the table in
 * flink-job/README.md says which state each holds).
 */
public final class OperatorUids {

    /** The input splits and offsets. */
    public static final String KAFKA_READINGS_SOURCE = "kafka-readings-source";
    /** Union list state {@code applied-models} and {@code regime-tracks}. */
    public static final String SCORE_READINGS = "score-readings";
    /** No state: drops drift figures (InfluxDB points only) before the Kafka sink. */
    public static final String KAFKA_RECORDS_FILTER = "kafka-records-filter";
    /** The Kafka sink's writer state (transactional ids). */
    public static final String KAFKA_OUTPUTS_SINK = "kafka-outputs-sink";
    /** No state: drops model statuses before the InfluxDB sink. */
    public static final String INFLUXDB_POINTS_FILTER = "influxdb-points-filter";
    /** The async sink's buffered points. */
    public static final String INFLUXDB_OUTPUTS_SINK = "influxdb-outputs-sink";

    private OperatorUids() {}
}
