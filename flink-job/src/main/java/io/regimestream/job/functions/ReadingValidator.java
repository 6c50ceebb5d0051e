package io.regimestream.job.functions;

import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.influx.LineProtocolText;
import io.regimestream.common.records.InvalidRecordException;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RejectReason;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.job.records.KafkaRecord;
import java.io.Serializable;
import java.util.Optional;

/**
 * Turns the bytes of one Kafka record into a scorable {@link Reading} or says why not. The size
 * is checked before parsing (a huge message is never parsed); the JSON rules are the codec's;
 * the plausible range is this job's.
 */
public final class ReadingValidator implements Serializable {

    /** InfluxDB stores time as signed 64-bit nanoseconds; a later or earlier time could never be written. */
    static final long MAX_ABS_TIMESTAMP_MS = Long.MAX_VALUE / 1_000_000L - 1;

    private final ValidationRules rules;

    public ReadingValidator(ValidationRules rules) {
        this.rules = rules;
    }

    /**
     * @param now processing time, used when neither the message nor Kafka carry a timestamp, and
     *            as the reference of the event-time skew check
     * @throws InvalidRecordException with the reason the record cannot be scored
     */
    public Reading validate(KafkaRecord record, long now) throws InvalidRecordException {
        return validate(record.value(), record.timestamp(), now);
    }

    /**
     * @param value          the message value
     * @param kafkaTimestamp the Kafka record timestamp, negative when it has none
     * @param now            processing time, used when neither the message nor Kafka carry a timestamp
     * @throws InvalidRecordException with the reason the record cannot be scored
     */
    public Reading validate(byte[] value, long kafkaTimestamp, long now) throws InvalidRecordException {
        if (value.length > rules.maxMessageBytes()) {
            throw new InvalidRecordException(
                    RejectReason.OVERSIZED,
                    "the message is " + value.length + " bytes, at most " + rules.maxMessageBytes()
                            + " allowed (--max-message-bytes)");
        }
        requireUtf8(value);
        long kafkaTime = kafkaTimestamp >= 0 ? kafkaTimestamp : Reading.NO_TIMESTAMP;
        Reading reading = ReadingCodec.fromJson(value, kafkaTime).withTimestampIfMissing(now);
        if (Math.abs(reading.timestamp()) > MAX_ABS_TIMESTAMP_MS) {
            throw new InvalidRecordException(
                    RejectReason.INVALID_TIMESTAMP,
                    "timestamp " + reading.timestamp() + " ms is outside the years 1677..2262 that InfluxDB can store");
        }
        Optional<String> skewed = rules.eventTimeSkew().check(reading.timestamp(), now);
        if (skewed.isPresent()) {
            throw new InvalidRecordException(RejectReason.INVALID_TIMESTAMP, skewed.get());
        }
        if (LineProtocolText.hasDanglingBackslash(reading.machineId())) {
            throw new InvalidRecordException(
                    RejectReason.INVALID_MACHINE_ID,
                    "machine id '" + reading.machineId()
                            + "' has a backslash at its end or before ',', '=' or a space, which InfluxDB cannot store as a tag");
        }
        if (!rules.isPlausible(reading.temperature())) {
            throw new InvalidRecordException(
                    RejectReason.OUT_OF_RANGE,
                    "temperature " + reading.temperature()
                            + " is outside the plausible range " + rules.minTemperature() + ".."
                            + rules.maxTemperature()
                            + " (--min-temperature/--max-temperature)");
        }
        return reading;
    }

    /**
     * JSON is UTF-8 (RFC 8259), but Jackson lets some invalid sequences through (overlong forms,
     * encoded surrogates): they would end up in machine ids. Found by FuzzInputIT.
     */
    private static void requireUtf8(byte[] message) throws InvalidRecordException {
        int invalid = Utf8.firstInvalid(message);
        if (invalid >= 0) {
            throw new InvalidRecordException(
                    RejectReason.NOT_JSON,
                    "not valid JSON: the message is not valid UTF-8 " + "(bad byte sequence at byte " + invalid + ")");
        }
    }
}
