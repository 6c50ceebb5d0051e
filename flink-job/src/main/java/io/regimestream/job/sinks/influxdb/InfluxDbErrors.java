package io.regimestream.job.sinks.influxdb;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.Json;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;

/** Turns InfluxDB's answers into messages that say what is wrong and what to do. */
final class InfluxDbErrors {

    private static final int MAX_BODY_CHARS = 500;

    private InfluxDbErrors() {}

    /** The {@code error} text of InfluxDB's JSON error body, else the (shortened) body itself. */
    static String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "(no error text)";
        }
        try {
            JsonNode json = Json.mapper().readTree(body);
            if (json != null && json.hasNonNull("error")) {
                return shorten(json.get("error").asText());
            }
        } catch (Exception notJson) {
            // a proxy's HTML page or plain text: show it as it is
        }
        return shorten(body.strip());
    }

    /** The message for a write InfluxDB refused for reasons of access, not of the points (401, 403, other 4xx). */
    static String rejected(int status, String error, InfluxDbEndpoint endpoint) {
        return switch (status) {
            case 401 ->
                endpoint.username() == null
                        ? "InfluxDB at " + endpoint.url()
                                + " requires authentication: set --influxdb-username/--influxdb-password"
                                + " (HTTP 401: " + error + ")"
                        : "InfluxDB authentication failed for user '" + endpoint.username() + "' at " + endpoint.url()
                                + ": check --influxdb-username/--influxdb-password (HTTP 401: " + error + ")";
            case 403 ->
                endpoint.username() == null
                        ? "InfluxDB at " + endpoint.url() + " refused access to database '" + endpoint.database()
                                + "': set --influxdb-username/--influxdb-password (HTTP 403: " + error + ")"
                        : "InfluxDB user '" + endpoint.username() + "' may not write to database '"
                                + endpoint.database()
                                + "' at " + endpoint.url()
                                + ": check --influxdb-username/--influxdb-password or GRANT WRITE ON \""
                                + endpoint.database() + "\" to the user (HTTP 403: " + error + ")";
            default ->
                "InfluxDB at " + endpoint.url() + " rejected a write to database '" + endpoint.database()
                        + "' with HTTP " + status + ": " + error;
        };
    }

    /** A short description of a failed request, e.g. "connection refused" or "timed out after PT10S". */
    static String describe(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpTimeoutException) {
            return "request timed out (" + cause.getMessage() + ")";
        }
        if (cause instanceof ConnectException) {
            return "connection refused or unreachable";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static String shorten(String text) {
        return text.length() <= MAX_BODY_CHARS ? text : text.substring(0, MAX_BODY_CHARS) + "...";
    }
}
