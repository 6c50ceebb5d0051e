package io.regimestream.job.sinks.influxdb;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * Sees one batch of line-protocol points through to InfluxDB, for the sink ({@link
 * InfluxDbSinkWriter}) and the Kafka-fed writer ({@link InfluxDbFromKafka}) alike: a retryable
 * failure is retried with backoff while the batch stays in flight; points InfluxDB refuses for
 * good are found (by halving) and handed to {@link RejectedPoints} while the rest is written; only
 * what no point can fix (authentication, access) fails the batch. Owns the HTTP client, the retry
 * timer and the metrics of group {@code influxdb}: {@code pointsWritten}, {@code writeErrors},
 * {@code retries}, {@code pointsRejected}, {@code lastRequestLatencyMs}.
 */
final class PointDelivery implements AutoCloseable {

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
    private final MetricGroup metrics;
    private volatile long lastRequestLatencyMs;

    /**
     * Opens the HTTP client and the rejected-points writer, runs {@code CREATE DATABASE} if asked
     * and checks that InfluxDB lets us write (an unreachable InfluxDB only warns: writes retry).
     *
     * @param metrics the group the {@code influxdb} metrics are added to (the operator's)
     * @throws InfluxDbSinkException for wrong credentials, a missing privilege or database
     */
    PointDelivery(
            InfluxDbEndpoint endpoint,
            RetryPolicy retryPolicy,
            Duration requestTimeout,
            boolean createDatabaseIfMissing,
            RejectedPoints rejectedPoints,
            MetricGroup metrics) {
        this.endpoint = endpoint;
        this.retryPolicy = retryPolicy;
        this.createDatabaseIfMissing = createDatabaseIfMissing;
        this.http = new InfluxDbHttp(endpoint, requestTimeout);
        this.retryTimer = daemonTimer("influxdb-sink-retry");

        MetricGroup influx = metrics.addGroup("influxdb");
        this.metrics = influx;
        this.pointsWritten = influx.counter("pointsWritten", new ThreadSafeSimpleCounter());
        this.writeErrors = influx.counter("writeErrors", new ThreadSafeSimpleCounter());
        this.retries = influx.counter("retries", new ThreadSafeSimpleCounter());
        this.pointsRejected = influx.counter("pointsRejected", new ThreadSafeSimpleCounter());
        influx.gauge("lastRequestLatencyMs", () -> lastRequestLatencyMs);

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

    /** The {@code influxdb} metric group, for a writer's own metrics next to these. */
    MetricGroup metrics() {
        return metrics;
    }

    /** A single daemon thread for delayed work; cancelled tasks are dropped at once. */
    static ScheduledExecutorService daemonTimer(String name) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /**
     * Completes once every line is written or, refused by InfluxDB for good, handed to the
     * rejected-points writer; fails only for what no point can fix (authentication, access) or
     * after the retry limit.
     */
    CompletableFuture<Void> deliver(List<String> lines) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        send(List.copyOf(lines), 0, done);
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
            // Closing (job cancelled or failing over): the points are replayed from the last checkpoint.
        }
    }

    /** The cause of a failed future's exception, as the writers report it. */
    static Throwable unwrap(Throwable error) {
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
    }
}
