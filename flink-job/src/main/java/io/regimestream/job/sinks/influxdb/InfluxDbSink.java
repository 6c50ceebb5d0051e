package io.regimestream.job.sinks.influxdb;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;

/**
 * A Flink sink that writes points to InfluxDB 1.x over HTTP line protocol, built on Flink's
 * {@link AsyncSinkBase}.
 *
 * <pre>{@code
 * InfluxDbSink<Prediction> sink = InfluxDbSink.<Prediction>builder()
 *         .setUrl("http://influxdb:8086")
 *         .setDatabase("regimes")
 *         .setCredentials(username, password)        // optional
 *         .setPointConverter(p -> Point.measurement("machine_regime")...toLineProtocol())
 *         .build();
 * stream.sinkTo(sink).name("InfluxDB: regimes").uid("influxdb-sink");
 * }</pre>
 *
 * <p>Delivery is at-least-once: buffered points are kept in checkpoints and requests in flight
 * finish before a checkpoint completes; after a failure some points may be written again. InfluxDB
 * overwrites a point with the same measurement, tag set and timestamp, so a replay of the same point
 * does not duplicate it. Points InfluxDB refuses for good go to {@link RejectedPoints} and the rest
 * is written.
 * See {@link InfluxDbSinkBuilder} for the settings and their defaults.
 */
public final class InfluxDbSink<IN> extends AsyncSinkBase<IN, String> {

    private static final long serialVersionUID = 1L;

    // Flink's own per-request timer must never re-send a batch that our retry loop still owns.
    private static final long FRAMEWORK_REQUEST_TIMEOUT_MS =
            Duration.ofDays(365).toMillis();

    private final InfluxDbEndpoint endpoint;
    private final RetryPolicy retryPolicy;
    private final Duration requestTimeout;
    private final boolean createDatabaseIfMissing;
    private final RejectedPoints rejectedPoints;

    InfluxDbSink(
            InfluxPointConverter<IN> converter,
            int maxBatchSize,
            int maxInFlightRequests,
            int maxBufferedRequests,
            long maxBatchSizeInBytes,
            long maxTimeInBufferMs,
            long maxRecordSizeInBytes,
            InfluxDbEndpoint endpoint,
            RetryPolicy retryPolicy,
            Duration requestTimeout,
            boolean createDatabaseIfMissing,
            RejectedPoints rejectedPoints) {
        super(
                new LineProtocolConverter<>(converter),
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                maxBatchSizeInBytes,
                maxTimeInBufferMs,
                maxRecordSizeInBytes,
                FRAMEWORK_REQUEST_TIMEOUT_MS,
                false);
        this.endpoint = endpoint;
        this.retryPolicy = retryPolicy;
        this.requestTimeout = requestTimeout;
        this.createDatabaseIfMissing = createDatabaseIfMissing;
        this.rejectedPoints = rejectedPoints;
    }

    public static <IN> InfluxDbSinkBuilder<IN> builder() {
        return new InfluxDbSinkBuilder<>();
    }

    @Override
    public StatefulSinkWriter<IN, BufferedRequestState<String>> createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<IN, BufferedRequestState<String>> restoreWriter(
            WriterInitContext context, Collection<BufferedRequestState<String>> recoveredState) {
        AsyncSinkWriterConfiguration configuration = AsyncSinkWriterConfiguration.builder()
                .setMaxBatchSize(getMaxBatchSize())
                .setMaxBatchSizeInBytes(getMaxBatchSizeInBytes())
                .setMaxInFlightRequests(getMaxInFlightRequests())
                .setMaxBufferedRequests(getMaxBufferedRequests())
                .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
                .setMaxRecordSizeInBytes(getMaxRecordSizeInBytes())
                .setRequestTimeoutMS(getRequestTimeoutMS())
                .setFailOnTimeout(getFailOnTimeout())
                .setRateLimitingStrategy(new FixedInFlightRequests(getMaxInFlightRequests(), getMaxBatchSize()))
                .build();
        return new InfluxDbSinkWriter<>(
                getElementConverter(),
                context,
                configuration,
                recoveredState,
                endpoint,
                retryPolicy,
                requestTimeout,
                createDatabaseIfMissing,
                rejectedPoints);
    }

    /**
     * The points a checkpoint or savepoint of this sink holds, buffered and not yet sent: for a job
     * that replaced the sink and takes its state over (one element of the writer's list state).
     */
    public static List<String> bufferedPoints(byte[] writerState) throws IOException {
        List<String> lines = new ArrayList<>();
        SimpleVersionedSerialization.readVersionAndDeSerialize(new LineStateSerializer(), writerState)
                .getBufferedRequestEntries()
                .forEach(entry -> lines.add(entry.getRequestEntry()));
        return lines;
    }

    /** A delivery to this sink's InfluxDB with its retries and rejected points, for {@link InfluxDbFromKafka}. */
    PointDelivery openDelivery(MetricGroup metrics) {
        return new PointDelivery(
                endpoint, retryPolicy, requestTimeout, createDatabaseIfMissing, rejectedPoints, metrics);
    }

    /** This sink's batching, for {@link InfluxDbFromKafka}. */
    PointQueue.Limits limits() {
        return new PointQueue.Limits(
                getMaxBatchSize(),
                getMaxBatchSizeInBytes(),
                getMaxInFlightRequests(),
                getMaxBufferedRequests(),
                getMaxTimeInBufferMS());
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<String>> getWriterStateSerializer() {
        return new LineStateSerializer();
    }

    @Override
    public String toString() {
        return "InfluxDbSink{" + endpoint + ", maxBatchSize=" + getMaxBatchSize() + ", maxInFlightRequests="
                + getMaxInFlightRequests() + ", maxBufferedRequests=" + getMaxBufferedRequests()
                + ", maxTimeInBufferMs=" + getMaxTimeInBufferMS() + ", maxRetries=" + retryPolicy.describeLimit()
                + ", backoff=" + retryPolicy.initialBackoff().toMillis() + ".."
                + retryPolicy.maxBackoff().toMillis()
                + " ms, requestTimeout=" + requestTimeout.toMillis() + " ms, createDatabaseIfMissing="
                + createDatabaseIfMissing + "}";
    }
}
