package io.regimestream.job.sinks.influxdb;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.DequeRequestBuffer;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.SimpleBatchCreator;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;

/**
 * Sends batches of line-protocol points to InfluxDB. Flink's {@link AsyncSinkWriter} does the
 * buffering, batching by size and time, the in-flight bound, and on checkpoint waits for requests
 * in flight and snapshots what is still buffered; {@link PointDelivery} sees each batch through
 * (retries with backoff while the batch stays in flight, so the in-flight bound and backpressure
 * hold the stream during an outage; refused points handed on; what no point can fix fails the job).
 */
final class InfluxDbSinkWriter<IN> extends AsyncSinkWriter<IN, String> {

    private final PointDelivery delivery;

    InfluxDbSinkWriter(
            ElementConverter<IN, String> converter,
            WriterInitContext context,
            AsyncSinkWriterConfiguration configuration,
            Collection<BufferedRequestState<String>> restored,
            InfluxDbEndpoint endpoint,
            RetryPolicy retryPolicy,
            Duration requestTimeout,
            boolean createDatabaseIfMissing,
            RejectedPoints rejectedPoints) {
        super(
                converter,
                context,
                configuration,
                restored,
                new SimpleBatchCreator<>(configuration.getMaxBatchSizeInBytes()),
                new DequeRequestBuffer<>());
        this.delivery = new PointDelivery(
                endpoint, retryPolicy, requestTimeout, createDatabaseIfMissing, rejectedPoints, context.metricGroup());
    }

    @Override
    protected void submitRequestEntries(List<String> lines, ResultHandler<String> resultHandler) {
        delivery.deliver(lines).whenComplete((done, error) -> {
            if (error == null) {
                resultHandler.complete();
            } else {
                Throwable cause = PointDelivery.unwrap(error);
                resultHandler.completeExceptionally(
                        cause instanceof Exception e ? e : new InfluxDbSinkException(cause.toString()));
            }
        });
    }

    @Override
    protected long getSizeInBytes(String line) {
        return utf8Length(line) + 1; // + the newline that separates it from the next point
    }

    @Override
    public void close() {
        delivery.close();
        super.close();
    }

    static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
