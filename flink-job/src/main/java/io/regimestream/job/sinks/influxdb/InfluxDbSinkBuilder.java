package io.regimestream.job.sinks.influxdb;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.base.sink.AsyncSinkBaseBuilder;

/**
 * Configures an {@link InfluxDbSink}; {@link #build()} checks everything at once and names each
 * missing or invalid setting. Batching (batch size, in-flight requests, buffered points, time in
 * buffer, batch and record bytes) is Flink's {@link AsyncSinkBaseBuilder} with its {@code setX}
 * names; this builder adds only what is InfluxDB's and the defaults, which suit a dashboard feed:
 * a point is sent within {@value #DEFAULT_MAX_TIME_IN_BUFFER_MS} ms even at one point per second,
 * and an InfluxDB outage is retried (unlimited by default, backoff doubling up to 10 s) while
 * backpressure holds the stream.
 */
public final class InfluxDbSinkBuilder<IN> extends AsyncSinkBaseBuilder<IN, String, InfluxDbSinkBuilder<IN>> {

    public static final int DEFAULT_MAX_BATCH_SIZE = 5000;
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 4;
    public static final int DEFAULT_MAX_BUFFERED_REQUESTS = 20_000;
    public static final long DEFAULT_MAX_TIME_IN_BUFFER_MS = 200;
    /** InfluxDB's default [http] max-body-size is 25 MB; stay well below it. */
    public static final long DEFAULT_MAX_BATCH_SIZE_IN_BYTES = 5L * 1024 * 1024;

    public static final long DEFAULT_MAX_RECORD_SIZE_IN_BYTES = 64L * 1024;
    /** Retries of one batch; unlimited so that an outage holds the stream back instead of failing it. */
    public static final int UNLIMITED_RETRIES = RetryPolicy.UNLIMITED;

    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private String url;
    private String database;
    private String username;
    private String password;
    private InfluxPointConverter<IN> pointConverter;
    private boolean createDatabaseIfMissing = true;
    private RejectedPoints rejectedPoints = RejectedPoints.logOnly();
    private int maxRetries = UNLIMITED_RETRIES;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

    InfluxDbSinkBuilder() {}

    /** Required: InfluxDB's base URL, {@code http://host:8086} or https; no credentials in it. */
    public InfluxDbSinkBuilder<IN> setUrl(String url) {
        this.url = url;
        return this;
    }

    /** Required: the database to write to. */
    public InfluxDbSinkBuilder<IN> setDatabase(String database) {
        this.database = database;
        return this;
    }

    /** Optional: sent as HTTP Basic authentication; the password is never logged. */
    public InfluxDbSinkBuilder<IN> setCredentials(String username, String password) {
        this.username = username;
        this.password = password;
        return this;
    }

    /** Required: turns each element into one line of line protocol, usually via {@link Point}. */
    public InfluxDbSinkBuilder<IN> setPointConverter(InfluxPointConverter<IN> pointConverter) {
        this.pointConverter = pointConverter;
        return this;
    }

    /** Whether each writer runs {@code CREATE DATABASE} (idempotent) at start; default true. */
    public InfluxDbSinkBuilder<IN> setCreateDatabaseIfMissing(boolean createDatabaseIfMissing) {
        this.createDatabaseIfMissing = createDatabaseIfMissing;
        return this;
    }

    /**
     * Where points InfluxDB refuses for good go (field type conflict, outside the retention policy,
     * too many tag values, unparsable); the rest of their batch is written and the stream goes on.
     * Default: a WARN line per point.
     */
    public InfluxDbSinkBuilder<IN> setRejectedPoints(RejectedPoints rejectedPoints) {
        this.rejectedPoints = rejectedPoints;
        return this;
    }

    /**
     * Retries of one batch after 5xx, 429, connection errors and timeouts before the job fails;
     * default {@link #UNLIMITED_RETRIES}. 0 fails on the first such error.
     */
    public InfluxDbSinkBuilder<IN> setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
        return this;
    }

    /** Wait before the first retry, doubled for each further one up to {@code max}; default 200 ms .. 10 s. */
    public InfluxDbSinkBuilder<IN> setRetryBackoff(Duration initial, Duration max) {
        this.initialBackoff = initial;
        this.maxBackoff = max;
        return this;
    }

    /** Timeout of one HTTP request (and of connecting); a timeout is retried; default 10 s. */
    public InfluxDbSinkBuilder<IN> setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        return this;
    }

    @Override
    public InfluxDbSink<IN> build() {
        int maxBatchSize = Optional.ofNullable(getMaxBatchSize()).orElse(DEFAULT_MAX_BATCH_SIZE);
        int maxInFlightRequests = Optional.ofNullable(getMaxInFlightRequests()).orElse(DEFAULT_MAX_IN_FLIGHT_REQUESTS);
        int maxBufferedRequests = Optional.ofNullable(getMaxBufferedRequests()).orElse(DEFAULT_MAX_BUFFERED_REQUESTS);
        long maxTimeInBufferMs = Optional.ofNullable(getMaxTimeInBufferMS()).orElse(DEFAULT_MAX_TIME_IN_BUFFER_MS);
        long maxBatchSizeInBytes =
                Optional.ofNullable(getMaxBatchSizeInBytes()).orElse(DEFAULT_MAX_BATCH_SIZE_IN_BYTES);
        long maxRecordSizeInBytes =
                Optional.ofNullable(getMaxRecordSizeInBytes()).orElse(DEFAULT_MAX_RECORD_SIZE_IN_BYTES);
        List<String> problems = new ArrayList<>();
        URI baseUrl = checkUrl(problems);
        if (database == null || database.isBlank()) {
            problems.add("database is required (e.g. setDatabase(\"regimes\"))");
        }
        if (pointConverter == null) {
            problems.add("pointConverter is required (element -> Point.measurement(..)...toLineProtocol())");
        }
        if (username != null && username.isBlank()) {
            problems.add("credentials: username is empty (leave credentials out for no authentication)");
        }
        if (username == null && password != null) {
            problems.add("credentials: a password was given without a username");
        }
        if (username != null && password == null) {
            problems.add("credentials: username '" + username + "' was given without a password");
        }
        positive(problems, "maxBatchSize", maxBatchSize);
        positive(problems, "maxInFlightRequests", maxInFlightRequests);
        positive(problems, "maxTimeInBufferMS", maxTimeInBufferMs);
        positive(problems, "maxBatchSizeInBytes", maxBatchSizeInBytes);
        positive(problems, "maxRecordSizeInBytes", maxRecordSizeInBytes);
        if (maxBufferedRequests <= maxBatchSize) {
            problems.add("maxBufferedRequests must be greater than maxBatchSize, got " + maxBufferedRequests + " <= "
                    + maxBatchSize);
        }
        if (maxRecordSizeInBytes > maxBatchSizeInBytes) {
            problems.add("maxRecordSizeInBytes must not exceed maxBatchSizeInBytes, got " + maxRecordSizeInBytes + " > "
                    + maxBatchSizeInBytes);
        }
        if (maxRetries < 0) {
            problems.add("maxRetries must be 0 or more, got " + maxRetries);
        }
        if (initialBackoff == null
                || maxBackoff == null
                || initialBackoff.toMillis() <= 0
                || maxBackoff.compareTo(initialBackoff) < 0) {
            problems.add("retryBackoff needs 0 < initial <= max, got " + initialBackoff + " and " + maxBackoff);
        }
        if (requestTimeout == null || requestTimeout.toMillis() <= 0) {
            problems.add("requestTimeout must be positive, got " + requestTimeout);
        }
        if (rejectedPoints == null) {
            problems.add("rejectedPoints must not be null (RejectedPoints.logOnly() only logs them)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("InfluxDB sink is misconfigured: " + String.join("; ", problems));
        }
        return new InfluxDbSink<>(
                pointConverter,
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                maxBatchSizeInBytes,
                maxTimeInBufferMs,
                maxRecordSizeInBytes,
                new InfluxDbEndpoint(baseUrl, database, username, password),
                new RetryPolicy(maxRetries, initialBackoff, maxBackoff),
                requestTimeout,
                createDatabaseIfMissing,
                rejectedPoints);
    }

    private URI checkUrl(List<String> problems) {
        if (url == null || url.isBlank()) {
            problems.add("url is required (e.g. setUrl(\"http://influxdb:8086\"))");
            return null;
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problems.add("url must start with http:// or https://, got '" + safe(url) + "'");
            } else if (uri.getHost() == null) {
                problems.add("url has no host name: '" + safe(url) + "'");
            } else if (uri.getRawUserInfo() != null) {
                problems.add("url must not contain credentials: use setCredentials(username, password) instead");
            } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                problems.add(
                        "url must be InfluxDB's base address without ?query or #fragment, got '" + safe(url) + "'");
            } else {
                return URI.create(uri.toString().replaceAll("/+$", ""));
            }
        } catch (URISyntaxException e) {
            problems.add("url is not a valid URL: " + e.getReason() + " in '" + safe(url) + "'");
        }
        return null;
    }

    /** The URL for a message, with any user:password@ part masked. */
    private static String safe(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }

    private static void positive(List<String> problems, String name, long value) {
        if (value <= 0) {
            problems.add(name + " must be positive, got " + value);
        }
    }
}
