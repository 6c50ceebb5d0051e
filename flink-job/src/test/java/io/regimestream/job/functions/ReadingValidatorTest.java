package io.regimestream.job.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.regimestream.common.records.InvalidRecordException;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RejectReason;
import io.regimestream.job.config.EventTimeSkew;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.job.records.KafkaRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadingValidatorTest {

    private static final long KAFKA_TIME = 1_764_213_600_000L;
    private static final long NOW = 1_764_213_700_000L;

    private final ReadingValidator validator = new ReadingValidator(ValidationRules.defaults());

    @Test
    void aCompleteReadingIsKeptAsItIs() throws Exception {
        Reading r = validator.validate(
                record("{\"machineId\":\"press-01\",\"timestamp\":1764213601000,\"temperature\":57.3}"), NOW);
        assertThat(r).isEqualTo(new Reading("press-01", 1_764_213_601_000L, 57.3));
    }

    @Test
    void theArticlesMessagesGetTheDefaultMachineAndTheKafkaTimestamp() throws Exception {
        Reading r = validator.validate(record("{\"Temperature\": 57, \"label\": 3}"), NOW);
        assertThat(r).isEqualTo(new Reading(Reading.DEFAULT_MACHINE_ID, KAFKA_TIME, 57.0));
    }

    @Test
    void withoutAnyTimestampTheProcessingTimeIsUsed() throws Exception {
        KafkaRecord noTime = new KafkaRecord(bytes("{\"temperature\": 41}"), "t", 0, 0, -1);
        assertThat(validator.validate(noTime, NOW).timestamp()).isEqualTo(NOW);
    }

    @Test
    void anOversizedMessageIsRejectedBeforeItIsParsed() {
        ReadingValidator small = new ReadingValidator(new ValidationRules(-50, 150, 16));
        InvalidRecordException e = rejection(small, "{{{{ not json at all, and long }}}}");
        assertThat(e.reason()).isEqualTo(RejectReason.OVERSIZED);
        assertThat(e.getMessage()).contains("--max-message-bytes");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "-50.1         | OUT_OF_RANGE",
                "150.5         | OUT_OF_RANGE",
                "\"hot\"       | WRONG_TYPE",
                "NaN           | NOT_FINITE",
            })
    void implausibleOrBrokenTemperaturesAreRejectedWithTheirReason(String temperature, RejectReason reason) {
        assertThat(rejection(validator, "{\"temperature\": " + temperature + "}")
                        .reason())
                .isEqualTo(reason);
    }

    @Test
    void theBoundsOfThePlausibleRangeAreAcceptedAndConfigurable() throws Exception {
        assertThat(validator.validate(record("{\"temperature\": -50}"), NOW).temperature())
                .isEqualTo(-50.0);
        assertThat(validator.validate(record("{\"temperature\": 150}"), NOW).temperature())
                .isEqualTo(150.0);
        ReadingValidator narrow = new ReadingValidator(new ValidationRules(30, 80, 4096));
        InvalidRecordException e = rejection(narrow, "{\"temperature\": 20}");
        assertThat(e.reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(e.getMessage()).contains("30.0..80.0");
    }

    @Test
    void timestampsInfluxDbCannotStoreAreRejected() {
        InvalidRecordException e = rejection(validator, "{\"temperature\": 50, \"timestamp\": 9000000000000000}");
        assertThat(e.reason()).isEqualTo(RejectReason.INVALID_TIMESTAMP);
    }

    @Test
    void eventTimesTooFarFromTheProcessingTimeAreRejectedByDefault() throws Exception {
        long eightDaysAgo = NOW - Duration.ofDays(8).toMillis();
        long twoHoursAhead = NOW + Duration.ofHours(2).toMillis();

        InvalidRecordException past =
                rejection(validator, "{\"temperature\": 50, \"timestamp\": " + eightDaysAgo + "}");
        InvalidRecordException future =
                rejection(validator, "{\"temperature\": 50, \"timestamp\": " + twoHoursAhead + "}");

        assertThat(past.reason()).isEqualTo(RejectReason.INVALID_TIMESTAMP);
        assertThat(past.getMessage()).contains("before the processing time", "--max-event-time-skew");
        assertThat(future.reason()).isEqualTo(RejectReason.INVALID_TIMESTAMP);
        assertThat(future.getMessage()).contains("after the processing time");
        long sixDaysAgo = NOW - Duration.ofDays(6).toMillis();
        assertThat(validator
                        .validate(record("{\"temperature\": 50, \"timestamp\": " + sixDaysAgo + "}"), NOW)
                        .timestamp())
                .isEqualTo(sixDaysAgo);
        ReadingValidator unlimited =
                new ReadingValidator(ValidationRules.defaults().withEventTimeSkew(EventTimeSkew.parse("none")));
        assertThat(unlimited
                        .validate(record("{\"temperature\": 50, \"timestamp\": " + eightDaysAgo + "}"), NOW)
                        .timestamp())
                .isEqualTo(eightDaysAgo);
    }

    @Test
    void emptyAndNonJsonMessagesKeepTheCodecsReasons() {
        assertThat(rejection(validator, "").reason()).isEqualTo(RejectReason.EMPTY);
        assertThat(rejection(validator, "57.3,press-01").reason()).isEqualTo(RejectReason.NOT_JSON);
    }

    private static InvalidRecordException rejection(ReadingValidator v, String message) {
        return catchThrowableOfType(InvalidRecordException.class, () -> v.validate(record(message), NOW));
    }

    private static KafkaRecord record(String value) {
        return new KafkaRecord(bytes(value), "machine-temperature", 0, 7, KAFKA_TIME);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
