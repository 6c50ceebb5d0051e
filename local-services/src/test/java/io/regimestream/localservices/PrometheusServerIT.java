package io.regimestream.localservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.localservices.junit.PrometheusExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Starts a real prometheus (Debian's package) that scrapes a Flink cluster's Prometheus reporter. */
class PrometheusServerIT {

    private static final int REPORTER_PORT = FreePorts.findRange(1);

    @RegisterExtension
    static final io.regimestream.localservices.junit.FlinkClusterExtension FLINK =
            new io.regimestream.localservices.junit.FlinkClusterExtension(
                    b -> b.prometheusReporter(String.valueOf(REPORTER_PORT)));

    @RegisterExtension
    static final PrometheusExtension PROMETHEUS = new PrometheusExtension(b -> b.target("127.0.0.1:" + REPORTER_PORT));

    @Test
    void scrapesTheJobManagersReporterFromPlugins() {
        PrometheusServer prometheus = PROMETHEUS.server();
        await().atMost(Duration.ofMinutes(1))
                .untilAsserted(() -> assertThat(prometheus.targets())
                        .extracting(t -> t.path("health").asText())
                        .containsExactly("up"));
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            List<JsonNode> series = prometheus.queryRange(
                    "flink_jobmanager_numRegisteredTaskManagers",
                    Instant.now().minusSeconds(60),
                    Instant.now(),
                    Duration.ofSeconds(1));
            assertThat(series).hasSize(1);
            JsonNode values = series.get(0).path("values");
            assertThat(values.get(values.size() - 1).get(1).asText()).isEqualTo("1");
        });
    }
}
