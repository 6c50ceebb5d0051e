package io.regimestream.localservices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.localservices.junit.InfluxDbExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Starts a real influxd (Debian package influxdb) as a process. */
class InfluxDbServerIT {

    @RegisterExtension
    static final InfluxDbExtension INFLUX = new InfluxDbExtension();

    @Test
    void pointsWrittenCanBeQueriedAndSurviveARestart() {
        InfluxDbServer influx = INFLUX.server();
        influx.createDatabase("it");
        influx.write(
                "it",
                "probe,machine=press-01 temperature=57.3 1764213600000\n"
                        + "probe,machine=press-02 temperature=41.0 1764213601000");
        assertThat(influx.rows("it", "SELECT count(temperature) FROM probe"))
                .singleElement()
                .satisfies(row -> assertThat(row.get(1).asLong()).isEqualTo(2));

        influx.stop();
        assertThat(influx.isRunning()).isFalse();
        influx.start();

        List<JsonNode> rows = influx.rows("it", "SELECT temperature FROM probe WHERE machine = 'press-01'");
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.get(0).asLong()).isEqualTo(1764213600000L);
            assertThat(row.get(1).asDouble()).isEqualTo(57.3);
        });
    }

    @Test
    void authEnabledServerRefusesAnonymousQueriesAndAcceptsItsUser() throws Exception {
        try (InfluxDbServer secured =
                InfluxDbServer.builder().auth("admin", "s3cret").build().start()) {
            secured.createDatabase("secured");
            assertThat(secured.rows(null, "SHOW DATABASES"))
                    .extracting(r -> r.get(0).asText())
                    .contains("secured");
            HttpResponse<String> anonymous = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(secured.url() + "/query?q=SHOW%20DATABASES"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
        }
    }
}
