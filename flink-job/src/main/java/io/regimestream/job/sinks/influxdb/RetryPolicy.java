package io.regimestream.job.sinks.influxdb;

import java.io.Serializable;
import java.time.Duration;

/**
 * How often and how patiently a failed request (5xx, 429, connection error, timeout) is retried:
 * exponential backoff from {@code initialBackoff}, doubling up to {@code maxBackoff}, for at most
 * {@code maxRetries} retries of the same batch ({@link #UNLIMITED} by default).
 */
record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) implements Serializable {

    /** Retry until InfluxDB answers: an outage holds the stream back instead of failing the job. */
    static final int UNLIMITED = Integer.MAX_VALUE;

    /** The wait before retry number {@code retry} (1 for the first retry). */
    Duration backoffBefore(int retry) {
        int doublings = Math.min(Math.max(retry - 1, 0), 30);
        long millis = initialBackoff.toMillis() << doublings;
        return millis <= 0 || millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
    }

    boolean mayRetry(int retriesSoFar) {
        return retriesSoFar < maxRetries;
    }

    String describeLimit() {
        return maxRetries == UNLIMITED ? "unlimited" : Integer.toString(maxRetries);
    }
}
