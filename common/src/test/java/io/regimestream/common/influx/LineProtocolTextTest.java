package io.regimestream.common.influx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Found by FuzzInputIT with machine id "tail\": InfluxDB's parser takes such a backslash as escaping the separator. */
class LineProtocolTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"tail\\", "a\\ b", "a\\,b", "a\\=b", "a\\\\"})
    void aBackslashAtTheEndOrBeforeASeparatorDangles(String text) {
        assertThat(LineProtocolText.hasDanglingBackslash(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"press\\05", "press-01", "a\\\\b", ""})
    void aBackslashBeforeAnOrdinaryCharacterOrNoneDoesNot(String text) {
        assertThat(LineProtocolText.hasDanglingBackslash(text)).isFalse();
    }
}
