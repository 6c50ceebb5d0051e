package io.regimestream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    @ParameterizedTest
    @CsvSource({
        "30s, 30000",
        "5m, 300000",
        "1h, 3600000",
        "2d, 172800000",
        "500ms, 500",
        "1h30m, 5400000",
        "1m30s, 90000",
        "1.5s, 1500",
        "45, 45000",
        "0.25, 250",
        "PT30S, 30000",
        "pt1m, 60000",
        "' 10S ', 10000"
    })
    void readsSimpleUnitsBareSecondsAndIso(String text, long millis) {
        assertThat(DurationConverter.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "10x", "-5s", "5 m", "s", "P", "1e3"})
    void rejectsOtherTextNamingTheAcceptedForms(String text) {
        assertThatThrownBy(() -> DurationConverter.parse(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'" + text + "' is not a duration")
                .hasMessageContaining("30s");
    }
}
