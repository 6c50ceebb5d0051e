package io.regimestream.localservices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Prometheus server: the {@code prometheus} of the Debian package, started as a child
 * process on 127.0.0.1 with its own storage folder and a free port, scraping the targets it is
 * given (e.g. Flink's Prometheus metrics reporter on each JobManager and TaskManager). Queries go
 * through its HTTP API as Grafana's do ({@code /api/v1/query_range}).
 *
 * <p>If prometheus is not installed, {@link #start()} fails with a message saying how to install it.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How to get prometheus, shown whenever it is missing. */
    public static final String INSTALL_HINT = "install Prometheus: `sudo apt-get install prometheus` on Debian/Ubuntu "
            + "(bin/test does this for you), or set PROMETHEUS to the path of a prometheus 2.x binary";

    private final int port;
    private final Path home;
    private final Duration scrapeInterval;
    private final List<String> targets;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private PrometheusServer(Builder b) {
        this.port = FreePorts.find();
        this.scrapeInterval = b.scrapeInterval;
        this.targets = List.copyOf(b.targets);
        try {
            this.home = Files.createTempDirectory("prometheus-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create prometheus's data folder", e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Optional<Path> findPrometheus() {
        return Executables.find("PROMETHEUS", "prometheus");
    }

    public synchronized PrometheusServer start() {
        if (process != null) {
            return this;
        }
        Path prometheus = findPrometheus()
                .orElseThrow(() -> new IllegalStateException("prometheus was not found: " + INSTALL_HINT));
        try {
            Path config = home.resolve("prometheus.yml");
            Files.writeString(config, scrapeConfig());
            Path log = home.resolve("prometheus.log");
            process = new ProcessBuilder(
                            prometheus.toString(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + home.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port,
                            "--log.level=warn")
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            awaitReady(log);
            LOG.info("prometheus ready on {}, scraping {} every {}", url(), targets, scrapeInterval);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start prometheus", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Duration scrapeInterval() {
        return scrapeInterval;
    }

    /**
     * Runs a PromQL range query (GET /api/v1/query_range) and returns its series ({@code
     * data.result}: each with {@code metric} labels and {@code values} of [time, "value"]).
     */
    public List<JsonNode> queryRange(String promql, Instant start, Instant end, Duration step) {
        JsonNode answer = get("/api/v1/query_range?query=" + encode(promql) + "&start=" + start.getEpochSecond()
                + "&end=" + end.getEpochSecond() + "&step=" + step.toSeconds() + "s");
        List<JsonNode> series = new ArrayList<>();
        answer.path("data").path("result").forEach(series::add);
        return series;
    }

    /**
     * Runs a PromQL instant query evaluated at {@code time} (GET /api/v1/query), as Grafana's alert
     * rules send theirs, and returns its {@code data}: {@code resultType} ({@code vector},
     * {@code scalar}, ...) and {@code result}.
     */
    public JsonNode query(String promql, Instant time) {
        String seconds = BigDecimal.valueOf(time.toEpochMilli(), 3).toPlainString();
        return get("/api/v1/query?query=" + encode(promql) + "&time=" + seconds).path("data");
    }

    /** The scrape targets and their health (GET /api/v1/targets, {@code data.activeTargets}). */
    public List<JsonNode> targets() {
        List<JsonNode> active = new ArrayList<>();
        get("/api/v1/targets").path("data").path("activeTargets").forEach(active::add);
        return active;
    }

    @Override
    public synchronized void close() {
        if (process != null) {
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
        LocalFiles.deleteRecursively(home);
    }

    private String scrapeConfig() {
        return """
                global:
                  scrape_interval: %ds
                  scrape_timeout: %ds
                scrape_configs:
                  - job_name: flink
                    static_configs:
                      - targets: [%s]
                """.formatted(
                        scrapeInterval.toSeconds(),
                        scrapeInterval.toSeconds(),
                        targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")));
    }

    private JsonNode get(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200
                    || !"success".equals(body.path("status").asText())) {
                throw new IllegalStateException("prometheus answered " + response.statusCode() + " to " + pathAndQuery
                        + ": " + response.body());
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("prometheus at " + url() + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void awaitReady(Path log) {
        try {
            HttpReadiness.await(
                    "prometheus", process, http, URI.create(url() + "/-/ready"), 200, Duration.ofSeconds(60), log);
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static final class Builder {
        private Duration scrapeInterval = Duration.ofSeconds(1);
        private final List<String> targets = new ArrayList<>();

        /** How often every target is scraped (whole seconds); default 1 s. */
        public Builder scrapeInterval(Duration interval) {
            this.scrapeInterval = interval;
            return this;
        }

        /** A {@code host:port} serving {@code /metrics}, scraped as job {@code flink}. */
        public Builder target(String hostAndPort) {
            this.targets.add(hostAndPort);
            return this;
        }

        public PrometheusServer build() {
            return new PrometheusServer(this);
        }
    }
}
