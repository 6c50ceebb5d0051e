package io.regimestream.job.sinks.influxdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A backslash before a separator or at the end cannot be written to InfluxDB 1.x (its parser takes
 * it as escaping the separator, even doubled): found by FuzzInputIT with machine id "tail\".
 */
class PointBackslashTest {

    @ParameterizedTest
    @ValueSource(strings = {"tail\\", "a\\ b", "a\\,b", "a\\=b", "a\\\\"})
    void aDanglingBackslashInATagValueIsRefusedBeforeItBreaksTheLine(String machine) {
        assertThatThrownBy(() -> Point.measurement("m").tag("machine", machine))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backslash");
    }

    @Test
    void aBackslashBeforeAnOrdinaryCharacterIsWrittenAsIs() {
        assertThat(Point.measurement("m")
                        .tag("machine", "press\\05")
                        .field("f", 1L)
                        .toLineProtocol())
                .isEqualTo("m,machine=press\\05 f=1i");
    }
}
