package io.regimestream.localservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.regimestream.localservices.junit.PrometheusExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Starts a real prometheus (Debian's package) that scrapes a {@code /metrics} endpoint and answers
 * a range query with what it scraped. (Flink's reporter as the target: {@code DashboardQueriesIT}.)
 */
class PrometheusServerIT {

    private static final HttpServer TARGET = metricsEndpoint();

    @RegisterExtension
    static final PrometheusExtension PROMETHEUS = new PrometheusExtension(
            b -> b.target("127.0.0.1:" + TARGET.getAddress().getPort()));

    @AfterAll
    static void stopTheTarget() {
        TARGET.stop(0);
    }

    @Test
    void scrapesItsTargetAndAnswersRangeAndInstantQueries() {
        PrometheusServer prometheus = PROMETHEUS.server();
        await().atMost(Duration.ofMinutes(1))
                .untilAsserted(() -> assertThat(prometheus.targets())
                        .extracting(t -> t.path("health").asText())
                        .containsExactly("up"));
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            List<JsonNode> series = prometheus.queryRange(
                    "sum(regime_test_readings)", Instant.now().minusSeconds(60), Instant.now(), Duration.ofSeconds(1));
            assertThat(series).hasSize(1);
            JsonNode values = series.get(0).path("values");
            assertThat(values.get(values.size() - 1).get(1).asText()).isEqualTo("42");
        });
        // An instant query at a given time, with the labels of each series kept.
        JsonNode instant = prometheus.query("regime_test_readings * 2", Instant.now());
        assertThat(instant.path("resultType").asText()).isEqualTo("vector");
        assertThat(instant.path("result").get(0).path("metric").path("machine").asText())
                .isEqualTo("press-01");
        assertThat(instant.path("result").get(0).path("value").get(1).asText()).isEqualTo("84");
        // Before the first scrape there is nothing to answer with.
        assertThat(prometheus
                        .query("regime_test_readings", Instant.now().minus(Duration.ofHours(1)))
                        .path("result"))
                .isEmpty();
    }

    /** A /metrics page in Prometheus's text format, on a free loopback port. */
    private static HttpServer metricsEndpoint() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/metrics", exchange -> {
                byte[] page = "# TYPE regime_test_readings gauge\nregime_test_readings{machine=\"press-01\"} 42\n"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
                exchange.sendResponseHeaders(200, page.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(page);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve /metrics", e);
        }
    }
}
