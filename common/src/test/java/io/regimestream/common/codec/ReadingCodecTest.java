package io.regimestream.common.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.records.InvalidRecordException;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadingCodecTest {

    private static final long KAFKA_TIME = 1_700_000_000_000L;

    @Test
    void parsesAFullReading() throws Exception {
        Reading r = ReadingCodec.fromJson(
                "{\"machineId\":\"press-01\",\"timestamp\":1764213600000,\"temperature\":57.3}", KAFKA_TIME);
        assertThat(r).isEqualTo(new Reading("press-01", 1764213600000L, 57.3));
    }

    @Test
    void acceptsTheOriginalArticlesMessagesAsTheyAre() throws Exception {
        Reading r = ReadingCodec.fromJson("{\"Temperature\": 57, \"label\": 3}", KAFKA_TIME);
        assertThat(r).isEqualTo(new Reading(Reading.DEFAULT_MACHINE_ID, KAFKA_TIME, 57.0));
    }

    @Test
    void keysAreCaseInsensitiveAndUnknownFieldsAreIgnoredEvenWhenNested() throws Exception {
        Reading r = ReadingCodec.fromJson(
                "{\"MACHINEID\":\"m\",\"extra\":{\"a\":[1,2,{\"b\":null}]},\"TimeStamp\":5,\"TEMPERATURE\":-3.5}",
                KAFKA_TIME);
        assertThat(r).isEqualTo(new Reading("m", 5, -3.5));
    }

    @Test
    void parsesIso8601Timestamps() throws Exception {
        assertThat(ReadingCodec.fromJson("{\"timestamp\":\"2025-11-27T03:20:00Z\",\"temperature\":1}", KAFKA_TIME)
                        .timestamp())
                .isEqualTo(1764213600000L);
        assertThat(ReadingCodec.fromJson("{\"timestamp\":\"2025-11-27T04:20:00+01:00\",\"temperature\":1}", KAFKA_TIME)
                        .timestamp())
                .isEqualTo(1764213600000L);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                                   | EMPTY",
                "'   '                                | EMPTY",
                "'not json'                           | NOT_JSON",
                "'{\"temperature\": 5'                | NOT_JSON",
                "'{\"temperature\": 5} trailing'      | NOT_JSON",
                "'[1,2]'                              | NOT_AN_OBJECT",
                "'57'                                 | NOT_AN_OBJECT",
                "'null'                               | NOT_AN_OBJECT",
                "'{}'                                 | MISSING_TEMPERATURE",
                "'{\"temperature\": \"57\"}'          | WRONG_TYPE",
                "'{\"temperature\": null}'            | WRONG_TYPE",
                "'{\"temperature\": true}'            | WRONG_TYPE",
                "'{\"temperature\": [57]}'            | WRONG_TYPE",
                "'{\"temperature\": NaN}'             | NOT_FINITE",
                "'{\"temperature\": -Infinity}'       | NOT_FINITE",
                "'{\"temperature\": 1e999}'           | NOT_FINITE",
                "'{\"temperature\": 5, \"machineId\": {}}' | INVALID_MACHINE_ID",
                "'{\"temperature\": 5, \"timestamp\": \"yesterday\"}' | INVALID_TIMESTAMP",
                "'{\"temperature\": 5, \"timestamp\": true}' | INVALID_TIMESTAMP",
            })
    void rejectsWithAReason(String message, RejectReason reason) {
        assertThatThrownBy(() -> ReadingCodec.fromJson(message, KAFKA_TIME))
                .isInstanceOfSatisfying(
                        InvalidRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageNotContaining("Exception");
    }

    @Test
    void rejectsDeeplyNestedJsonWithoutWalkingIt() {
        String deep = "{\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + ",\"temperature\":1}";
        assertThatThrownBy(() -> ReadingCodec.fromJson(deep, KAFKA_TIME))
                .isInstanceOfSatisfying(
                        InvalidRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.NOT_JSON));
    }

    @Test
    void rejectsOverlongMachineIds() {
        String id = "m".repeat(ReadingCodec.MAX_MACHINE_ID_LENGTH + 1);
        assertThatThrownBy(() -> ReadingCodec.fromJson("{\"machineId\":\"" + id + "\",\"temperature\":1}", KAFKA_TIME))
                .isInstanceOfSatisfying(
                        InvalidRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_MACHINE_ID));
    }

    @Test
    void readingsRoundTrip() throws Exception {
        Reading r = new Reading("press-02", 1764213600123L, 48.125);
        assertThat(ReadingCodec.fromJson(ReadingCodec.toJson(r), 0)).isEqualTo(r);
    }
}
