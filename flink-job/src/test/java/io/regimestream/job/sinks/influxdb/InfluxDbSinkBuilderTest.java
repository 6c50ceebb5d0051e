package io.regimestream.job.sinks.influxdb;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfluxDbSinkBuilderTest {

    private static final InfluxPointConverter<Long> CONVERTER = n -> Point.measurement("m").field("n", n).toLineProtocol();

    private static InfluxDbSinkBuilder<Long> valid() {
        return InfluxDbSink.<Long>builder().url("http://influxdb:8086").database("regimes").pointConverter(CONVERTER);
    }

    @Test
    void buildsWithDefaults() {
        InfluxDbSink<Long> sink = valid().build();

        assertThat(sink.toString()).contains("http://influxdb:8086", "regimes", "maxBatchSize=5000",
                "maxInFlightRequests=4", "maxBufferedRequests=20000", "maxTimeInBufferMs=200", "maxRetries=unlimited");
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
        assertThatThrownBy(() -> valid().url("influxdb:8086").build()).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> valid().url("ftp://influxdb").build()).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> valid().url("http://influxdb:8086/write?db=x").build()).hasMessageContaining("without ?query");
        assertThatThrownBy(() -> valid().url("http://in flux:8086").build()).hasMessageContaining("not a valid URL");
        assertThat(valid().url("https://influx.example.com:8086/").build().toString()).contains("https://influx.example.com:8086 ");
    }

    @Test
    void refusesCredentialsInTheUrlWithoutRepeatingThem() {
        assertThatThrownBy(() -> valid().url("http://admin:s3cret@influxdb:8086").build())
                .hasMessageContaining("must not contain credentials")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void checksCredentialsAreComplete() {
        assertThatThrownBy(() -> valid().credentials("", "pw").build()).hasMessageContaining("username is empty");
        assertThatThrownBy(() -> valid().credentials(null, "pw").build()).hasMessageContaining("password was given without a username");
        assertThatThrownBy(() -> valid().credentials("grafana", null).build()).hasMessageContaining("'grafana' was given without a password");
    }

    @Test
    void neverShowsThePasswordInToString() {
        InfluxDbSink<Long> sink = valid().credentials("grafana", "s3cret-pw").build();

        assertThat(sink.toString()).contains("grafana").doesNotContain("s3cret-pw");
    }

    @Test
    void namesInvalidLimits() {
        assertThatThrownBy(() -> valid().maxBatchSize(0).build()).hasMessageContaining("maxBatchSize must be positive, got 0");
        assertThatThrownBy(() -> valid().maxInFlightRequests(-1).build()).hasMessageContaining("maxInFlightRequests must be positive");
        assertThatThrownBy(() -> valid().maxBatchSize(100).maxBufferedRequests(100).build())
                .hasMessageContaining("maxBufferedRequests must be greater than maxBatchSize");
        assertThatThrownBy(() -> valid().maxTimeInBufferMs(0).build()).hasMessageContaining("maxTimeInBufferMs must be positive");
        assertThatThrownBy(() -> valid().maxRetries(-1).build()).hasMessageContaining("maxRetries must be 0 or more");
        assertThatThrownBy(() -> valid().retryBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)).build())
                .hasMessageContaining("retryBackoff needs 0 < initial <= max");
        assertThatThrownBy(() -> valid().requestTimeout(Duration.ZERO).build()).hasMessageContaining("requestTimeout must be positive");
        assertThatThrownBy(() -> valid().maxRecordSizeInBytes(2000).maxBatchSizeInBytes(1000).build())
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
