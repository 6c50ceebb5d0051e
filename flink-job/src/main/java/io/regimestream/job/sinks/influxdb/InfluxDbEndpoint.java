package io.regimestream.job.sinks.influxdb;

import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Where and as whom the sink writes: base URL, database and optional credentials. The password
 * travels with the job graph (the task managers need it) but is never part of {@link #toString()}
 * or any message; it is sent only in the {@code Authorization} header, never in a URL.
 */
final class InfluxDbEndpoint implements Serializable {

    private static final long serialVersionUID = 1L;

    private final URI url;
    private final String database;
    private final String username;
    private final String password;

    InfluxDbEndpoint(URI url, String database, String username, String password) {
        this.url = url;
        this.database = database;
        this.username = username;
        this.password = password;
    }

    /** The base URL as given, without a trailing slash; safe to show (no credentials allowed in it). */
    String url() {
        return url.toString();
    }

    String database() {
        return database;
    }

    /** The user name, or null without credentials. */
    String username() {
        return username;
    }

    URI writeUri() {
        return URI.create(url() + "/write?db=" + encode(database) + "&precision=ns");
    }

    URI queryUri(String influxql) {
        return URI.create(url() + "/query?q=" + encode(influxql));
    }

    /** The InfluxQL statement that creates the database; a no-op when it exists. */
    String createDatabaseStatement() {
        return "CREATE DATABASE \"" + database.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    Optional<String> authorizationHeader() {
        if (username == null) {
            return Optional.empty();
        }
        String token = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return Optional.of("Basic " + token);
    }

    @Override
    public String toString() {
        return url() + " database '" + database + "'"
                + (username == null ? "" : " as user '" + username + "' (password hidden)");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
