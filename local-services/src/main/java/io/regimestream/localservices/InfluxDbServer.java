package io.regimestream.localservices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real InfluxDB 1.x server: the {@code influxd} of the Debian package {@code influxdb}, started
 * as a child process on 127.0.0.1 with its own data folder and a free port. It can be stopped and
 * started again on the same data (outage tests). With {@link Builder#auth} it requires a login.
 *
 * <p>If influxd is not installed, {@link #start()} fails with a message saying how to install it.
 */
public final class InfluxDbServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxDbServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How to get influxd, shown whenever it is missing. */
    public static final String INSTALL_HINT = "install InfluxDB 1.x: `sudo apt-get install influxdb` on Debian/Ubuntu "
            + "(bin/test does this for you), or set INFLUXD to the path of an influxd 1.x binary";

    private final int port;
    private final int rpcPort;
    private final Path home;
    private final boolean deleteOnClose;
    private final String username;
    private final String password;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private InfluxDbServer(Builder b) {
        this.port = b.port == 0 ? FreePorts.find() : b.port;
        this.rpcPort = FreePorts.find();
        this.username = b.username;
        this.password = b.password;
        try {
            this.home = b.dataDir != null ? Files.createDirectories(b.dataDir) : Files.createTempDirectory("influxd-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create influxd's data folder", e);
        }
        this.deleteOnClose = b.dataDir == null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where influxd is: $INFLUXD, else on the PATH, else /usr/bin/influxd; empty when missing. */
    public static java.util.Optional<Path> findInfluxd() {
        return Executables.find("INFLUXD", "influxd");
    }

    public synchronized InfluxDbServer start() {
        if (process != null) {
            return this;
        }
        Path influxd =
                findInfluxd().orElseThrow(() -> new IllegalStateException("influxd was not found: " + INSTALL_HINT));
        FreePorts.requireFree(port, "InfluxDB HTTP");
        try {
            Path config = writeConfig();
            Path log = home.resolve("influxd.log");
            process = new ProcessBuilder(
                            influxd.toString(),
                            "run",
                            "-config",
                            config.toString(),
                            "-pidfile",
                            home.resolve("influxd.pid").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            awaitPing(log);
            if (username != null) {
                // The first admin user may be created without credentials; after that auth is enforced.
                query(
                        null,
                        "CREATE USER \"" + username + "\" WITH PASSWORD '" + password.replace("'", "\\'")
                                + "' WITH ALL PRIVILEGES",
                        "POST");
            }
            LOG.info("influxd ready on {} (data in {})", url(), home);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start influxd", e);
        }
    }

    /** Stops influxd (SIGTERM, then SIGKILL after 10 s), keeping its data for {@link #start()}. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * Kills influxd at once (SIGKILL, as a crash or the OOM killer would: no shutdown, the WAL as
     * it is), keeping its data for {@link #start()}.
     */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The admin user when started with auth, else null. */
    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** Runs InfluxQL (GET /query) against {@code database} (may be null) and returns the JSON answer. */
    public JsonNode query(String database, String influxql) {
        return query(
                database,
                influxql,
                influxql.trim().toUpperCase().startsWith("SELECT")
                                || influxql.trim().toUpperCase().startsWith("SHOW")
                        ? "GET"
                        : "POST");
    }

    /**
     * Runs a SELECT or SHOW as another user (e.g. a read-only one, as Grafana queries), with that
     * user's rights: a query the user may not run fails.
     */
    public JsonNode queryAs(String user, String userPassword, String database, String influxql) {
        return query(database, influxql, "GET", basicAuth(user, userPassword));
    }

    /**
     * Creates a user with one privilege ({@code READ}, {@code WRITE} or {@code ALL}) on one
     * database, as the InfluxDB image's INFLUXDB_READ_USER / INFLUXDB_WRITE_USER do.
     */
    public void createUser(String user, String userPassword, String privilege, String database) {
        query(null, "CREATE USER \"" + user + "\" WITH PASSWORD '" + userPassword.replace("'", "\\'") + "'", "POST");
        query(null, "GRANT " + privilege + " ON \"" + database + "\" TO \"" + user + "\"", "POST");
    }

    private JsonNode query(String database, String influxql, String method) {
        return query(database, influxql, method, username == null ? null : basicAuth(username, password));
    }

    private JsonNode query(String database, String influxql, String method, String authorization) {
        StringBuilder uri =
                new StringBuilder(url()).append("/query?epoch=ms&q=").append(encode(influxql));
        if (database != null) {
            uri.append("&db=").append(encode(database));
        }
        HttpRequest.Builder req =
                HttpRequest.newBuilder(URI.create(uri.toString())).timeout(Duration.ofSeconds(30));
        req = "GET".equals(method) ? req.GET() : req.POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        HttpResponse<String> res = send(req.build());
        if (res.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "InfluxQL failed (" + res.statusCode() + "): " + influxql + " -> " + res.body());
        }
        try {
            JsonNode body = JSON.readTree(res.body());
            for (JsonNode result : body.path("results")) {
                if (result.has("error")) {
                    throw new IllegalStateException("InfluxQL error: " + influxql + " -> "
                            + result.get("error").asText());
                }
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of the first series of the first result, each row a list of column values. */
    public List<JsonNode> rows(String database, String influxql) {
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode series : query(database, influxql).path("results").path(0).path("series")) {
            series.path("values").forEach(rows::add);
        }
        return rows;
    }

    /**
     * The single number an aggregate query such as {@code SELECT count("regime") FROM m} returns;
     * 0 when the measurement has no points yet (InfluxDB then returns no series at all).
     */
    public long count(String database, String aggregateQuery) {
        List<JsonNode> rows = rows(database, aggregateQuery);
        return rows.isEmpty() ? 0 : rows.get(0).get(1).asLong();
    }

    /** Writes line protocol (millisecond precision) straight to influxd, for test set-up. */
    public void write(String database, String lineProtocol) {
        HttpRequest req = authorized(
                        HttpRequest.newBuilder(URI.create(url() + "/write?precision=ms&db=" + encode(database))))
                .POST(HttpRequest.BodyPublishers.ofString(lineProtocol))
                .build();
        HttpResponse<String> res = send(req);
        if (res.statusCode() != 204) {
            throw new IllegalStateException("write failed (" + res.statusCode() + "): " + res.body());
        }
    }

    public void createDatabase(String database) {
        query(null, "CREATE DATABASE \"" + database + "\"", "POST");
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            if (deleteOnClose) {
                LocalFiles.deleteRecursively(home);
            }
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder req) {
        if (username != null) {
            req.header("Authorization", basicAuth(username, password));
        }
        return req;
    }

    private static String basicAuth(String user, String userPassword) {
        return "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + userPassword).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("influxd at " + url() + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Path writeConfig() throws IOException {
        Path config = home.resolve("influxd.conf");
        String toml = """
                reporting-disabled = true
                bind-address = "127.0.0.1:%d"

                [meta]
                  dir = "%s/meta"

                [data]
                  dir = "%s/data"
                  wal-dir = "%s/wal"
                  query-log-enabled = false
                  index-version = "inmem"

                [http]
                  enabled = true
                  bind-address = "127.0.0.1:%d"
                  auth-enabled = %b
                  log-enabled = false

                [monitor]
                  store-enabled = false

                [subscriber]
                  enabled = false

                [continuous_queries]
                  enabled = false
                """.formatted(rpcPort, home, home, home, port, username != null);
        Files.writeString(config, toml);
        return config;
    }

    private void awaitPing(Path log) {
        try {
            HttpReadiness.await(
                    "influxd", process, http, URI.create(url() + "/ping"), 204, Duration.ofSeconds(30), log);
        } catch (IllegalStateException e) {
            stop();
            throw e;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static final class Builder {
        private int port;
        private Path dataDir;
        private String username;
        private String password;

        /** The HTTP port; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Where influxd keeps its data; by default a temporary folder deleted on close. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Turns authentication on, with this admin user. */
        public Builder auth(String username, String password) {
            this.username = username;
            this.password = password;
            return this;
        }

        public InfluxDbServer build() {
            return new InfluxDbServer(this);
        }
    }
}
