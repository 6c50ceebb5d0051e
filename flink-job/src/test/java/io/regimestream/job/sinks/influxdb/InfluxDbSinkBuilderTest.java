package io.regimestream.job.sinks.influxdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InfluxDbSinkBuilderTest {

    private static final InfluxPointConverter<Long> CONVERTER =
            n -> Point.measurement("m").field("n", n).toLineProtocol();

    private static InfluxDbSinkBuilder<Long> valid() {
        return InfluxDbSink.<Long>builder()
                .setUrl("http://influxdb:8086")
                .setDatabase("regimes")
                .setPointConverter(CONVERTER);
    }

    @Test
    void buildsWithDefaults() {
        InfluxDbSink<Long> sink = valid().build();

        assertThat(sink.toString())
                .contains(
                        "http://influxdb:8086",
                        "regimes",
                        "maxBatchSize=5000",
                        "maxInFlightRequests=4",
                        "maxBufferedRequests=20000",
                        "maxTimeInBufferMs=200",
                        "maxRetries=unlimited");
    }

    @Test
    void flinksBatchingSettersReachTheSinkAndTheirProblemsAreListedWithAllOthers() {
        assertThat(valid().setMaxBatchSize(10)
                        .setMaxInFlightRequests(1)
                        .setMaxBufferedRequests(100)
                        .setMaxTimeInBufferMS(50)
                        .build()
                        .toString())
                .contains(
                        "maxBatchSize=10", "maxInFlightRequests=1", "maxBufferedRequests=100", "maxTimeInBufferMs=50");
        assertThatThrownBy(() -> InfluxDbSink.<Long>builder()
                        .setMaxBatchSize(0)
                        .setMaxTimeInBufferMS(-1)
                        .setMaxRetries(-1)
                        .build())
                .hasMessageContaining("url is required")
                .hasMessageContaining("maxBatchSize must be positive, got 0")
                .hasMessageContaining("maxTimeInBufferMS must be positive, got -1")
                .hasMessageContaining("maxRetries must be 0 or more");
    }

    @Test
    void namesEveryMissingRequiredSetting() {
        assertThatThrownBy(() -> InfluxDbSink.<Long>builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url is required")
                .hasMessageContaining("database is required")
                .hasMessageContaining("pointConverter is required");
    }

    @Test
    void rejectsUrlsThatAreNotHttpBaseAddresses() {
        assertThatThrownBy(() -> valid().setUrl("influxdb:8086").build()).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> valid().setUrl("ftp://influxdb").build()).hasMessageContaining("http:// or https://");
        assertThatThrownBy(
                        () -> valid().setUrl("http://influxdb:8086/write?db=x").build())
                .hasMessageContaining("without ?query");
        assertThatThrownBy(() -> valid().setUrl("http://in flux:8086").build()).hasMessageContaining("not a valid URL");
        assertThat(valid().setUrl("https://influx.example.com:8086/").build().toString())
                .contains("https://influx.example.com:8086 ");
    }

    @Test
    void refusesCredentialsInTheUrlWithoutRepeatingThem() {
        assertThatThrownBy(() ->
                        valid().setUrl("http://admin:s3cret@influxdb:8086").build())
                .hasMessageContaining("must not contain credentials")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void checksCredentialsAreComplete() {
        assertThatThrownBy(() -> valid().setCredentials("", "pw").build()).hasMessageContaining("username is empty");
        assertThatThrownBy(() -> valid().setCredentials(null, "pw").build())
                .hasMessageContaining("password was given without a username");
        assertThatThrownBy(() -> valid().setCredentials("grafana", null).build())
                .hasMessageContaining("'grafana' was given without a password");
    }

    @Test
    void neverShowsThePasswordInToString() {
        InfluxDbSink<Long> sink = valid().setCredentials("grafana", "s3cret-pw").build();

        assertThat(sink.toString()).contains("grafana").doesNotContain("s3cret-pw");
    }

    @Test
    void namesInvalidLimits() {
        assertThatThrownBy(() -> valid().setMaxBatchSize(0).build())
                .hasMessageContaining("maxBatchSize must be positive, got 0");
        assertThatThrownBy(() -> valid().setMaxInFlightRequests(-1).build())
                .hasMessageContaining("maxInFlightRequests must be positive");
        assertThatThrownBy(() ->
                        valid().setMaxBatchSize(100).setMaxBufferedRequests(100).build())
                .hasMessageContaining("maxBufferedRequests must be greater than maxBatchSize");
        assertThatThrownBy(() -> valid().setMaxTimeInBufferMS(0).build())
                .hasMessageContaining("maxTimeInBufferMS must be positive");
        assertThatThrownBy(() -> valid().setMaxRetries(-1).build())
                .hasMessageContaining("maxRetries must be 0 or more");
        assertThatThrownBy(() -> valid().setRetryBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1))
                        .build())
                .hasMessageContaining("retryBackoff needs 0 < initial <= max");
        assertThatThrownBy(() -> valid().setRequestTimeout(Duration.ZERO).build())
                .hasMessageContaining("requestTimeout must be positive");
        assertThatThrownBy(() -> valid().setMaxRecordSizeInBytes(2000)
                        .setMaxBatchSizeInBytes(1000)
                        .build())
                .hasMessageContaining("maxRecordSizeInBytes must not exceed maxBatchSizeInBytes");
    }

    @Test
    void backoffDoublesUpToItsCap() {
        RetryPolicy policy = new RetryPolicy(RetryPolicy.UNLIMITED, Duration.ofMillis(200), Duration.ofSeconds(1));

        assertThat(policy.backoffBefore(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoffBefore(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.backoffBefore(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.backoffBefore(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoffBefore(1000)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.mayRetry(Integer.MAX_VALUE - 1)).isTrue();
    }
}
