package io.regimestream.job.sinks.influxdb;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.lineage.LineageVertex;
import org.apache.flink.streaming.api.lineage.LineageVertexProvider;

/**
 * Writes the points of a Kafka topic of line protocol to InfluxDB 1.x, as a Flink source that
 * emits nothing: the InfluxDB writing of a job, apart from the job's other outputs, so that no
 * InfluxDB outage, however long, holds them back or fails the job.
 *
 * <p>Why a source and not a sink: a sink holds the stream back when InfluxDB is away (its buffer
 * fills and its {@code write} blocks the task's thread, so the task cannot take checkpoints
 * either), and Flink's async sinks wait for their requests in flight before each checkpoint. Here
 * Kafka is the buffer: the writer reads the topic only while its {@link PointQueue} has room, waits
 * without blocking its thread otherwise, and checkpoints only offsets, each partition's oldest
 * point InfluxDB has not confirmed. So its checkpoints complete at once during an outage of any
 * length (bounded only by the topic's retention), and after one it catches up from Kafka.
 * Delivery is at-least-once: points after the checkpointed offset may be written again, which
 * InfluxDB turns into an overwrite of the same point (same measurement, tags and time).
 *
 * <p>Batching, retries, refused points and the {@code influxdb.*} metrics are those of the {@link
 * InfluxDbSink} given as {@code writing} (only its settings are used), plus the gauge {@code
 * influxdb.pointsPending} (points read and not yet confirmed). Comment lines ({@code #...}) are
 * never sent; {@link EndOfPoints} markers of the run end the writer (bounded runs, {@code flink
 * stop --drain}) once all is written.
 *
 * <pre>{@code
 * KafkaSource<KafkaPoint> points = KafkaSource.<KafkaPoint>builder()
 *         .setBootstrapServers("kafka:9092").setTopics("influxdb-points-regimes")
 *         .setGroupId("regime-scoring-influxdb").setDeserializer(KafkaPoint.deserializer())
 *         .setProperty("commit.offsets.on.checkpoint", "false")
 *         .build();
 * env.fromSource(new InfluxDbFromKafka(points, influxDbSink, ConfirmedOffsets.toGroup(kafka, group), run),
 *                 WatermarkStrategy.noWatermarks(), "InfluxDB: regimes")
 *         .sinkTo(new DiscardingSink<>());
 * }</pre>
 */
public final class InfluxDbFromKafka
        implements Source<Void, KafkaPartitionSplit, KafkaSourceEnumState>,
                ResultTypeQueryable<Void>,
                LineageVertexProvider {

    private static final long serialVersionUID = 1L;

    private final KafkaSource<KafkaPoint> points;
    private final InfluxDbSink<String> writing;
    private final ConfirmedOffsets confirmedOffsets;
    private final String run;

    /**
     * @param points           the topic of line protocol to read, without committing offsets of its own
     *                         ({@code commit.offsets.on.checkpoint=false}): its position runs ahead of InfluxDB
     * @param writing          where and how to write (its InfluxDB, batching, retries and refused-points handling)
     * @param confirmedOffsets where each completed checkpoint's offsets are committed
     * @param run              whose {@link EndOfPoints} markers end the writer
     */
    public InfluxDbFromKafka(
            KafkaSource<KafkaPoint> points,
            InfluxDbSink<String> writing,
            ConfirmedOffsets confirmedOffsets,
            String run) {
        this.points = Objects.requireNonNull(points, "points");
        this.writing = Objects.requireNonNull(writing, "writing");
        this.confirmedOffsets = Objects.requireNonNull(confirmedOffsets, "confirmedOffsets");
        this.run = Objects.requireNonNull(run, "run");
    }

    @Override
    public Boundedness getBoundedness() {
        return points.getBoundedness();
    }

    @Override
    public SourceReader<Void, KafkaPartitionSplit> createReader(SourceReaderContext context) throws Exception {
        PointQueue.Limits limits = writing.limits();
        return new InfluxDbFromKafkaReader(
                points.createReader(context),
                () -> {
                    PointDelivery delivery = writing.openDelivery(context.metricGroup());
                    PointQueue queue = new PointQueue(
                            delivery::deliver, limits, PointDelivery.daemonTimer("influxdb-writer-flush"), delivery);
                    delivery.metrics().gauge("pointsPending", queue::pending);
                    return queue;
                },
                confirmedOffsets,
                new EndOfPoints(run));
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context) {
        return points.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context, KafkaSourceEnumState state) throws Exception {
        return points.restoreEnumerator(context, state);
    }

    @Override
    public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
        return points.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
        return points.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<Void> getProducedType() {
        return Types.VOID;
    }

    @Override
    public LineageVertex getLineageVertex() {
        return points.getLineageVertex();
    }

    @Override
    public String toString() {
        return "InfluxDbFromKafka{" + writing + ", run " + run + "}";
    }
}
