package io.regimestream.job.sinks.influxdb;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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

/**
 * Sends batches of line-protocol points to InfluxDB. Flink's {@link AsyncSinkWriter} does the
 * buffering, batching by size and time, the in-flight bound, and on checkpoint waits for requests
 * in flight and snapshots what is still buffered. This class sends one batch and sees it through:
 * a retryable failure is retried with backoff while the batch stays in flight (so the in-flight
 * bound and backpressure hold the stream during an outage); points InfluxDB refuses for good are
 * found and handed to {@link RejectedPoints} while the rest is written; only what no point can fix
 * (authentication, access) fails the job.
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
    private final Counter pointsRejected;
    private final RejectedPoints.Writer rejectedWriter;
    private volatile long lastRequestLatencyMs;

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
        this.pointsRejected = metrics.counter("pointsRejected", new ThreadSafeSimpleCounter());
        metrics.gauge("lastRequestLatencyMs", () -> lastRequestLatencyMs);

        this.rejectedWriter = rejectedPoints.open();
        try {
            if (createDatabaseIfMissing) {
                http.createDatabase();
            }
            http.checkWriteAccess();
        } catch (RuntimeException e) {
            close(); // the task fails before Flink could close us: release the threads and the producer now
            throw e;
        }
    }

    @Override
    protected void submitRequestEntries(List<String> lines, ResultHandler<String> resultHandler) {
        deliver(List.copyOf(lines)).whenComplete((done, error) -> {
            if (error == null) {
                resultHandler.complete();
            } else {
                Throwable cause = unwrap(error);
                resultHandler.completeExceptionally(
                        cause instanceof Exception e ? e : new InfluxDbSinkException(cause.toString()));
            }
        });
    }

    @Override
    protected long getSizeInBytes(String line) {
        return utf8Length(line) + 1; // + the newline that separates it from the next point
    }

    /**
     * Completes once every line is written or, refused by InfluxDB for good, handed to the
     * rejected-points writer; fails only for what no point can fix (authentication, access).
     */
    private CompletableFuture<Void> deliver(List<String> lines) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        send(lines, 0, done);
        return done;
    }

    private void send(List<String> lines, int retriesSoFar, CompletableFuture<Void> done) {
        long start = System.nanoTime();
        http.write(String.join("\n", lines)).whenComplete((response, error) -> {
            try {
                lastRequestLatencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                handle(outcome(response, error), lines, retriesSoFar, done);
            } catch (RuntimeException unexpected) {
                done.completeExceptionally(unexpected);
            }
        });
    }

    private WriteOutcome outcome(HttpResponse<String> response, Throwable error) {
        return error != null
                ? WriteOutcome.ofFailure(error, endpoint)
                : WriteOutcome.ofResponse(response.statusCode(), response.body(), endpoint);
    }

    private void handle(WriteOutcome outcome, List<String> lines, int retriesSoFar, CompletableFuture<Void> done) {
        switch (outcome.kind()) {
            case WRITTEN -> {
                pointsWritten.inc(lines.size());
                outageLog.succeeded();
                done.complete(null);
            }
            case RETRY -> retryLater(outcome.message(), lines, retriesSoFar, done);
            case POINTS_REJECTED -> {
                writeErrors.inc();
                isolateRejected(outcome, lines, done);
            }
            case DATABASE_MISSING -> {
                if (!createDatabaseIfMissing) {
                    fail(outcome.message(), done);
                    return;
                }
                // Dropped or never created (InfluxDB was down at start): create it, then retry the batch.
                http.createDatabaseAsync()
                        .whenComplete((created, error) ->
                                retryLater(outcome.message() + "; creating it", lines, retriesSoFar, done));
            }
            case FATAL -> fail(outcome.message(), done);
        }
    }

    /**
     * InfluxDB refused some points of the batch (and wrote the valid ones of a 400). Halves are sent
     * again until each refused point stands alone: re-sending the valid ones overwrites them with
     * themselves (same series and time), and a single refused point goes to the rejected-points
     * writer with InfluxDB's message. A batch InfluxDB dropped whole skips the halving.
     */
    private void isolateRejected(WriteOutcome outcome, List<String> lines, CompletableFuture<Void> done) {
        if (lines.size() == 1 || outcome.droppedAll(lines.size())) {
            pointsRejected.inc(lines.size());
            rejectedWriter.rejected(List.copyOf(lines), outcome.message()).whenComplete((stored, error) -> {
                if (error == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(new InfluxDbSinkException("could not hand " + lines.size()
                            + " point(s) refused by InfluxDB (" + outcome.message() + ") to the dead letters: "
                            + InfluxDbErrors.describe(error)));
                }
            });
            return;
        }
        int half = lines.size() / 2;
        CompletableFuture.allOf(deliver(lines.subList(0, half)), deliver(lines.subList(half, lines.size())))
                .whenComplete((both, error) -> {
                    if (error == null) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(unwrap(error));
                    }
                });
    }

    private void retryLater(String problem, List<String> lines, int retriesSoFar, CompletableFuture<Void> done) {
        writeErrors.inc();
        if (!retryPolicy.mayRetry(retriesSoFar)) {
            done.completeExceptionally(new InfluxDbSinkException(problem + "; gave up after " + retriesSoFar
                    + " retries (maxRetries=" + retryPolicy.describeLimit() + ")"));
            return;
        }
        int retry = retriesSoFar + 1;
        Duration backoff = retryPolicy.backoffBefore(retry);
        outageLog.failed(problem, retry, backoff);
        retries.inc();
        try {
            retryTimer.schedule(() -> send(lines, retry, done), backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // The writer is closing (job cancelled or failing over): the batch is replayed from the last checkpoint.
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private void fail(String message, CompletableFuture<Void> done) {
        writeErrors.inc();
        done.completeExceptionally(new InfluxDbSinkException(message));
    }

    @Override
    public void close() {
        retryTimer.shutdownNow();
        http.close();
        rejectedWriter.close();
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
