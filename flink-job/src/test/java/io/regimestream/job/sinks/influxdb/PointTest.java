package io.regimestream.job.sinks.influxdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PointTest {

    @Test
    void writesTagsFieldsAndNanosecondTime() {
        String line = Point.measurement("machine_regime")
                .tag("machine", "press 01")
                .field("temperature", 57.3)
                .field("regime", 2L)
                .field("s", "str\"q")
                .timeNanos(1764213600000000001L)
                .toLineProtocol();

        assertThat(line)
                .isEqualTo(
                        "machine_regime,machine=press\\ 01 temperature=57.3,regime=2i,s=\"str\\\"q\" 1764213600000000001");
    }

    @ParameterizedTest(name = "measurement [{0}] -> [{1}]")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "cpu|cpu",
                "cpu load|cpu\\ load",
                "cpu,load|cpu\\,load",
                "a=b|a=b", // '=' needs no escape in a measurement name
                "'  '|'\\ \\ '",
            })
    void escapesCommaAndSpaceInMeasurementNames(String measurement, String expected) {
        assertThat(Point.measurement(measurement).field("v", 1L).toLineProtocol())
                .isEqualTo(expected + " v=1i");
    }

    @ParameterizedTest(name = "tag [{0}]=[{1}] -> {2}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "machine|press-01|machine=press-01",
                "machine id|press 01|machine\\ id=press\\ 01",
                "a,b|c,d|a\\,b=c\\,d",
                "k=1|v=2|k\\=1=v\\=2",
                "k|with \"quote\"|k=with\\ \"quote\"", // quotes are literal in tags
                "k|ünïcødé °C|k=ünïcødé\\ °C",
            })
    void escapesCommaEqualsAndSpaceInTags(String key, String value, String expectedTag) {
        assertThat(Point.measurement("m").tag(key, value).field("v", 1L).toLineProtocol())
                .isEqualTo("m," + expectedTag + " v=1i");
    }

    @ParameterizedTest(name = "field key [{0}] -> [{1}]")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "temp|temp",
                "temp c|temp\\ c",
                "a,b|a\\,b",
                "a=b|a\\=b",
            })
    void escapesCommaEqualsAndSpaceInFieldKeys(String key, String expectedKey) {
        assertThat(Point.measurement("m").field(key, true).toLineProtocol()).isEqualTo("m " + expectedKey + "=true");
    }

    @ParameterizedTest(name = "string field [{0}] -> [{1}]")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "plain|\"plain\"",
                "say \"hi\"|\"say \\\"hi\\\"\"",
                "C:\\dir|\"C:\\\\dir\"",
                "a, b=c|\"a, b=c\"", // commas, '=' and spaces are fine inside quotes
                "''|\"\"",
            })
    void quotesStringFieldsEscapingQuotesAndBackslashes(String value, String expected) {
        assertThat(Point.measurement("m").field("s", value).toLineProtocol()).isEqualTo("m s=" + expected);
    }

    @Test
    void writesIntegersWithSuffixAndFloatsWithoutExponent() {
        assertThat(Point.measurement("m")
                        .field("i", 42L)
                        .field("n", -7L)
                        .field("big", Long.MAX_VALUE)
                        .toLineProtocol())
                .isEqualTo("m i=42i,n=-7i,big=9223372036854775807i");
        assertThat(Point.measurement("m")
                        .field("f", 1e10)
                        .field("g", 1.5e-7)
                        .field("h", 2.0)
                        .toLineProtocol())
                .isEqualTo("m f=10000000000,g=0.00000015,h=2.0");
    }

    @Test
    void leavesOutTagsWithEmptyOrNullValues() {
        assertThat(Point.measurement("m")
                        .tag("a", "")
                        .tag("b", null)
                        .tag("c", "x")
                        .field("v", 1L)
                        .toLineProtocol())
                .isEqualTo("m,c=x v=1i");
    }

    @Test
    void sortsTagsByKeySoTheSeriesKeyIsStable() {
        assertThat(Point.measurement("m")
                        .tag("z", "1")
                        .tag("a", "2")
                        .field("v", 1L)
                        .toLineProtocol())
                .isEqualTo("m,a=2,z=1 v=1i");
    }

    @Test
    void convertsMillisecondsToNanoseconds() {
        assertThat(Point.measurement("m")
                        .field("v", 1L)
                        .timeMillis(1764213600123L)
                        .toLineProtocol())
                .isEqualTo("m v=1i 1764213600123000000");
    }

    @Test
    void rejectsValuesLineProtocolCannotCarry() {
        assertThatThrownBy(() -> Point.measurement("m").field("t", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'t'")
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> Point.measurement("m").field("t", Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("infinite");
        assertThatThrownBy(() -> Point.measurement("m").tag("k", "two\nlines"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line break");
        assertThatThrownBy(() -> Point.measurement("m").field("s", "two\nlines"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line break");
        assertThatThrownBy(() -> Point.measurement(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("measurement name");
        assertThatThrownBy(() -> Point.measurement("m").field("", 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field key");
    }

    @Test
    void refusesAPointWithoutFields() {
        assertThatThrownBy(() -> Point.measurement("m").tag("k", "v").toLineProtocol())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no fields");
    }
}
