package io.regimestream.job;

import io.regimestream.job.functions.ScoreReadings;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.KafkaRecord;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;

/**
 * What the scoring graph reads and writes, so that the graph is the same whatever it is wired
 * to: Kafka and InfluxDB in production ({@link KafkaPipelineIo}), test sources and collecting
 * sinks in a MiniCluster test.
 *
 * @param readings           the raw records to score, with their source positions
 * @param readingsName       the source's name in the graph and the web UI
 * @param modelAnnouncements the control topic each scoring task follows; null: none (a run that
 *                           ends with its input, or one without Kafka)
 * @param outputs            every output: predictions, dead letters, regime changes, model statuses
 * @param outputsName        that sink's name
 * @param points             the outputs that have an InfluxDB point; null: no InfluxDB
 * @param pointsName         that sink's name
 */
public record PipelineIo(
        Source<KafkaRecord, ?, ?> readings,
        String readingsName,
        ScoreReadings.ModelTopic modelAnnouncements,
        Sink<JobOutput> outputs,
        String outputsName,
        Sink<JobOutput> points,
        String pointsName) {

    public PipelineIo {
        Objects.requireNonNull(readings, "readings");
        Objects.requireNonNull(readingsName, "readingsName");
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(outputsName, "outputsName");
        if (points != null) {
            Objects.requireNonNull(pointsName, "pointsName");
        }
    }

    /** Reads {@code readings}, writes every output to {@code outputs}; no model announcements, no InfluxDB. */
    public static PipelineIo of(
            Source<KafkaRecord, ?, ?> readings, String readingsName, Sink<JobOutput> outputs, String outputsName) {
        return new PipelineIo(readings, readingsName, null, outputs, outputsName, null, null);
    }
}
