package io.regimestream.job.sinks.influxdb;

import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.DequeRequestBuffer;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.SimpleBatchCreator;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Sends batches of line-protocol points to InfluxDB. Flink's {@link AsyncSinkWriter} does the
 * buffering, batching by size and time, the in-flight bound, and on checkpoint waits for requests
 * in flight and snapshots what is still buffered. This class sends one batch and sees it through:
 * a retryable failure is retried with backoff while the batch stays in flight (so the in-flight
 * bound and backpressure hold the stream during an outage); a fatal one fails the job.
 */
final class InfluxDbSinkWriter<IN> extends AsyncSinkWriter<IN, String> {

    private static final Duration WARN_INTERVAL = Duration.ofSeconds(10);

    private final InfluxDbEndpoint endpoint;
    private final RetryPolicy retryPolicy;
    private final boolean createDatabaseIfMissing;
    private final InfluxDbHttp http;
    private final ScheduledExecutorService retryTimer;
    private final OutageLog outageLog = new OutageLog(WARN_INTERVAL);
    private final Counter pointsWritten;
    private final Counter writeErrors;
    private final Counter retries;
    private volatile long lastRequestLatencyMs;

    InfluxDbSinkWriter(ElementConverter<IN, String> converter, WriterInitContext context,
                       AsyncSinkWriterConfiguration configuration, Collection<BufferedRequestState<String>> restored,
                       InfluxDbEndpoint endpoint, RetryPolicy retryPolicy, Duration requestTimeout,
                       boolean createDatabaseIfMissing) {
        super(converter, context, configuration, restored,
                new SimpleBatchCreator<>(configuration.getMaxBatchSizeInBytes()), new DequeRequestBuffer<>());
        this.endpoint = endpoint;
        this.retryPolicy = retryPolicy;
        this.createDatabaseIfMissing = createDatabaseIfMissing;
        this.http = new InfluxDbHttp(endpoint, requestTimeout);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "influxdb-sink-retry");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.retryTimer = timer;

        MetricGroup metrics = context.metricGroup().addGroup("influxdb");
        this.pointsWritten = metrics.counter("pointsWritten", new ThreadSafeSimpleCounter());
        this.writeErrors = metrics.counter("writeErrors", new ThreadSafeSimpleCounter());
        this.retries = metrics.counter("retries", new ThreadSafeSimpleCounter());
        metrics.gauge("lastRequestLatencyMs", () -> lastRequestLatencyMs);

        if (createDatabaseIfMissing) {
            try {
                http.createDatabase();
            } catch (RuntimeException e) {
                close(); // the task fails before Flink could close us: release the threads now
                throw e;
            }
        }
    }

    @Override
    protected void submitRequestEntries(List<String> lines, ResultHandler<String> resultHandler) {
        send(String.join("\n", lines), lines.size(), resultHandler, 0);
    }

    @Override
    protected long getSizeInBytes(String line) {
        return utf8Length(line) + 1; // + the newline that separates it from the next point
    }

    private void send(String body, int points, ResultHandler<String> handler, int retriesSoFar) {
        long start = System.nanoTime();
        http.write(body).whenComplete((response, error) -> {
            try {
                lastRequestLatencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                handle(outcome(response, error), body, points, handler, retriesSoFar);
            } catch (RuntimeException unexpected) {
                handler.completeExceptionally(unexpected);
            }
        });
    }

    private WriteOutcome outcome(HttpResponse<String> response, Throwable error) {
        return error != null
                ? WriteOutcome.ofFailure(error, endpoint)
                : WriteOutcome.ofResponse(response.statusCode(), response.body(), endpoint);
    }

    private void handle(WriteOutcome outcome, String body, int points, ResultHandler<String> handler, int retriesSoFar) {
        switch (outcome.kind()) {
            case WRITTEN -> {
                pointsWritten.inc(points);
                outageLog.succeeded();
                handler.complete();
            }
            case RETRY -> retryLater(outcome.message(), body, points, handler, retriesSoFar);
            case DATABASE_MISSING -> {
                if (!createDatabaseIfMissing) {
                    fail(outcome.message(), handler);
                    return;
                }
                // Dropped or never created (InfluxDB was down at start): create it, then retry the batch.
                http.createDatabaseAsync().whenComplete((created, error) ->
                        retryLater(outcome.message() + "; creating it", body, points, handler, retriesSoFar));
            }
            case FATAL -> fail(outcome.message(), handler);
        }
    }

    private void retryLater(String problem, String body, int points, ResultHandler<String> handler, int retriesSoFar) {
        writeErrors.inc();
        if (!retryPolicy.mayRetry(retriesSoFar)) {
            handler.completeExceptionally(new InfluxDbSinkException(problem + "; gave up after " + retriesSoFar
                    + " retries (maxRetries=" + retryPolicy.describeLimit() + ")"));
            return;
        }
        int retry = retriesSoFar + 1;
        Duration backoff = retryPolicy.backoffBefore(retry);
        outageLog.failed(problem, retry, backoff);
        retries.inc();
        try {
            retryTimer.schedule(() -> send(body, points, handler, retry), backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // The writer is closing (job cancelled or failing over): the batch is replayed from the last checkpoint.
        }
    }

    private void fail(String message, ResultHandler<String> handler) {
        writeErrors.inc();
        handler.completeExceptionally(new InfluxDbSinkException(message));
    }

    @Override
    public void close() {
        retryTimer.shutdownNow();
        http.close();
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
