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
    /** No state: drops model statuses before the InfluxDB points. */
    public static final String INFLUXDB_POINTS_FILTER = "influxdb-points-filter";
    /**
     * The outputs as lines of line protocol. The uid of the InfluxDB sink the job had before the
     * points went through Kafka: it takes that sink's buffered points over from an old savepoint.
     */
    public static final String INFLUXDB_POINT_LINES = "influxdb-outputs-sink";
    /** The points topic's Kafka sink (at-least-once: no transactions to keep). */
    public static final String INFLUXDB_POINTS_TOPIC_SINK = "influxdb-points-topic-sink";
    /** The InfluxDB writer: its position in the points topic, each partition's oldest unconfirmed point. */
    public static final String INFLUXDB_WRITER = "influxdb-writer";
    /** No state: the writer emits nothing, but a Flink graph ends in a sink. */
    public static final String INFLUXDB_WRITER_END = "influxdb-writer-end";

    private OperatorUids() {}
}
