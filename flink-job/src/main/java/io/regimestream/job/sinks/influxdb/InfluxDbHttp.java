package io.regimestream.job.sinks.influxdb;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.Json;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two calls the sink makes to InfluxDB 1.x, over {@link HttpClient}: {@code POST /write}
 * (line protocol, precision ns) and {@code POST /query CREATE DATABASE}. Credentials go in a
 * Basic {@code Authorization} header. One per writer; {@link #close()} releases its threads.
 */
final class InfluxDbHttp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxDbHttp.class);

    private final InfluxDbEndpoint endpoint;
    private final Duration requestTimeout;
    private final ExecutorService executor;
    private final HttpClient client;

    InfluxDbHttp(InfluxDbEndpoint endpoint, Duration requestTimeout) {
        this.endpoint = endpoint;
        this.requestTimeout = requestTimeout;
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "influxdb-sink-http");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .connectTimeout(requestTimeout)
                .executor(executor)
                .build();
    }

    /** Posts newline-separated points; the future fails only when no answer came. */
    CompletableFuture<HttpResponse<String>> write(String lineProtocol) {
        HttpRequest request = request(HttpRequest.newBuilder(endpoint.writeUri()))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(lineProtocol))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Creates the database if it is missing (idempotent in InfluxDB). Fails for wrong credentials;
     * only warns when InfluxDB is unreachable (writes retry and create it later) or when the user
     * may not create databases (it may exist already; writes will tell).
     */
    void createDatabase() {
        try {
            HttpResponse<String> response = createDatabaseAsync().join();
            describeCreateFailure(response).ifPresent(problem -> {
                if (response.statusCode() == 401) {
                    throw new InfluxDbSinkException(
                            InfluxDbErrors.rejected(401, InfluxDbErrors.errorText(response.body()), endpoint));
                }
                LOG.warn(
                        "Could not create InfluxDB database {}: {}. Writing anyway, assuming it exists.",
                        endpoint,
                        problem);
            });
        } catch (CompletionException e) {
            LOG.warn(
                    "InfluxDB {} is not reachable at start ({}); writes will retry and create the database once it answers.",
                    endpoint,
                    InfluxDbErrors.describe(e));
        }
    }

    /**
     * Writes nothing (an empty body), which InfluxDB answers only after checking the database and
     * the user's right to write: wrong credentials, a missing privilege or a missing database fail
     * here, when the job starts, instead of on the first point. Unreachable only warns: writes retry.
     */
    void checkWriteAccess() {
        HttpResponse<String> response;
        try {
            response = write("").join();
        } catch (CompletionException e) {
            LOG.warn(
                    "InfluxDB {} is not reachable at start ({}); writes will retry until it answers.",
                    endpoint,
                    InfluxDbErrors.describe(e));
            return;
        }
        WriteOutcome outcome = WriteOutcome.ofResponse(response.statusCode(), response.body(), endpoint);
        // Writable, or busy for now (writes retry); anything else no retry can fix.
        if (outcome.kind() != WriteOutcome.Kind.WRITTEN && outcome.kind() != WriteOutcome.Kind.RETRY) {
            throw new InfluxDbSinkException("cannot write to InfluxDB: " + outcome.message());
        }
    }

    CompletableFuture<HttpResponse<String>> createDatabaseAsync() {
        HttpRequest request = request(HttpRequest.newBuilder(endpoint.queryUri(endpoint.createDatabaseStatement())))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Empty when CREATE DATABASE worked, else what went wrong (InfluxQL errors come with HTTP 200). */
    static Optional<String> describeCreateFailure(HttpResponse<String> response) {
        String error = InfluxDbErrors.errorText(response.body());
        if (response.statusCode() / 100 != 2) {
            return Optional.of("HTTP " + response.statusCode() + ": " + error);
        }
        try {
            for (JsonNode result : Json.mapper().readTree(response.body()).path("results")) {
                if (result.hasNonNull("error")) {
                    return Optional.of(result.get("error").asText());
                }
            }
        } catch (IOException notJson) {
            return Optional.of("unexpected answer: " + error);
        }
        return Optional.empty();
    }

    private HttpRequest.Builder request(HttpRequest.Builder builder) {
        builder.timeout(requestTimeout);
        endpoint.authorizationHeader().ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
