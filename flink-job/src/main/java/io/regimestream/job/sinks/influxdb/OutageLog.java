package io.regimestream.job.sinks.influxdb;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs failed attempts at WARN without flooding the log during an outage: the first failure, then
 * at most one line per {@code interval} with the count since, and one INFO line on recovery.
 * Called from HTTP threads, hence synchronized.
 */
final class OutageLog {

    private static final Logger LOG = LoggerFactory.getLogger(PointDelivery.class);

    private final long intervalNanos;
    private long failuresSinceHealthy;
    private long failuresSinceLastLine;
    private long outageStartNanos;
    private long lastLineNanos;

    OutageLog(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    synchronized void failed(String problem, int retry, Duration backoff) {
        long now = System.nanoTime();
        if (failuresSinceHealthy == 0) {
            outageStartNanos = now;
        }
        failuresSinceHealthy++;
        failuresSinceLastLine++;
        if (failuresSinceHealthy == 1 || now - lastLineNanos >= intervalNanos) {
            LOG.warn(
                    "{}; retry {} in {} ms ({} failed attempts in the last {} s; points are held back, not dropped)",
                    problem,
                    retry,
                    backoff.toMillis(),
                    failuresSinceLastLine,
                    secondsSince(outageStartNanos, now));
            lastLineNanos = now;
            failuresSinceLastLine = 0;
        }
    }

    synchronized void succeeded() {
        if (failuresSinceHealthy > 0) {
            LOG.info(
                    "InfluxDB writes succeed again after {} failed attempts over {} s",
                    failuresSinceHealthy,
                    secondsSince(outageStartNanos, System.nanoTime()));
            failuresSinceHealthy = 0;
            failuresSinceLastLine = 0;
        }
    }

    private static long secondsSince(long startNanos, long nowNanos) {
        return Duration.ofNanos(nowNanos - startNanos).toSeconds();
    }
}
