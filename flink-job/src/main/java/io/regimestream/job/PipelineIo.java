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
 * @param influx             the way of the outputs that have an InfluxDB point; null: no InfluxDB
 */
public record PipelineIo(
        Source<KafkaRecord, ?, ?> readings,
        String readingsName,
        ScoreReadings.ModelTopic modelAnnouncements,
        Sink<JobOutput> outputs,
        String outputsName,
        Influx influx) {

    public PipelineIo {
        Objects.requireNonNull(readings, "readings");
        Objects.requireNonNull(readingsName, "readingsName");
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(outputsName, "outputsName");
    }

    /**
     * The points' way to InfluxDB: as lines of line protocol into a Kafka topic ({@code pointsTopic}),
     * and from there into InfluxDB by a writer of its own ({@code writer}, a source that emits nothing).
     *
     * @param run             this run's id: the scoring tasks' end markers name it, the writer ends on them
     * @param pointsTopic     the sink of the lines
     * @param pointsTopicName that sink's name
     * @param writer          reads the topic and writes InfluxDB
     * @param writerName      that source's name
     */
    public record Influx(
            String run,
            Sink<String> pointsTopic,
            String pointsTopicName,
            Source<Void, ?, ?> writer,
            String writerName) {

        public Influx {
            Objects.requireNonNull(run, "run");
            Objects.requireNonNull(pointsTopic, "pointsTopic");
            Objects.requireNonNull(pointsTopicName, "pointsTopicName");
            Objects.requireNonNull(writer, "writer");
            Objects.requireNonNull(writerName, "writerName");
        }
    }

    /** Reads {@code readings}, writes every output to {@code outputs}; no model announcements, no InfluxDB. */
    public static PipelineIo of(
            Source<KafkaRecord, ?, ?> readings, String readingsName, Sink<JobOutput> outputs, String outputsName) {
        return new PipelineIo(readings, readingsName, null, outputs, outputsName, null);
    }
}
