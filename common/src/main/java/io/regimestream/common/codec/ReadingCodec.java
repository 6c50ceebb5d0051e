package io.regimestream.common.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.regimestream.common.records.InvalidRecordException;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RejectReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Readings, the pipeline's input, as JSON: {@code {"machineId":"press-01","timestamp":1764213600000,"temperature":57.3}}.
 *
 * <p>Reading input is lenient where the original
 * <a href="https://datasciencechalktalk.com/2019/07/17/streaming-analysis-with-kafka-influxdb-and-grafana/">article</a> (V. Alto, "Streaming analysis with Kafka, InfluxDB and Grafana") needs it: keys
 * case-insensitive, {@code {"Temperature": 57, "label": 3}} accepted, unknown fields ignored; and
 * strict about values (a temperature must be a finite JSON number). The parser streams tokens
 * instead of building a tree: it is the job's hot path. Thread-safe and stateless.
 */
public final class ReadingCodec {

    /** Longest machine id accepted; it becomes a Kafka key and an InfluxDB tag. */
    public static final int MAX_MACHINE_ID_LENGTH = 128;

    private ReadingCodec() {}

    public static byte[] toJson(Reading r) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("machineId", r.machineId());
            if (r.hasTimestamp()) {
                g.writeNumberField("timestamp", r.timestamp());
            }
            g.writeNumberField("temperature", r.temperature());
            g.writeEndObject();
        });
    }

    /**
     * Parses one reading. A missing machine id becomes {@link Reading#DEFAULT_MACHINE_ID}; a missing
     * timestamp becomes {@code fallbackTimestamp} (the Kafka record time, or {@link Reading#NO_TIMESTAMP}).
     *
     * @throws InvalidRecordException with the reason when the message is not a usable reading
     */
    public static Reading fromJson(byte[] message, long fallbackTimestamp) throws InvalidRecordException {
        if (message == null || message.length == 0 || isBlank(message)) {
            throw new InvalidRecordException(RejectReason.EMPTY, "the message is empty");
        }
        try (JsonParser p = Json.FACTORY.createParser(message)) {
            return parse(p, fallbackTimestamp);
        } catch (InvalidRecordException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException(RejectReason.NOT_JSON, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRecordException(RejectReason.NOT_JSON, "not valid JSON: " + e.getMessage());
        }
    }

    /** Same as {@link #fromJson(byte[], long)} for text, e.g. one line of a JSON-lines file. */
    public static Reading fromJson(String message, long fallbackTimestamp) throws InvalidRecordException {
        return fromJson(message.getBytes(StandardCharsets.UTF_8), fallbackTimestamp);
    }

    private static Reading parse(JsonParser p, long fallbackTimestamp) throws IOException, InvalidRecordException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidRecordException(
                    RejectReason.NOT_AN_OBJECT,
                    "expected a JSON object like "
                            + "{\"machineId\":\"press-01\",\"timestamp\":1764213600000,\"temperature\":57.3}");
        }
        String machineId = null;
        long timestamp = fallbackTimestamp;
        double temperature = Double.NaN;
        boolean sawTemperature = false;

        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (fieldOf(name)) {
                case TEMPERATURE -> {
                    if (!value.isNumeric()) {
                        throw new InvalidRecordException(
                                RejectReason.WRONG_TYPE, "\"" + name + "\" must be a number, was " + describe(value));
                    }
                    temperature = p.getDoubleValue();
                    sawTemperature = true;
                }
                case MACHINE_ID -> machineId = machineIdOf(p, name, value);
                case TIMESTAMP -> timestamp = timestampOf(p, name, value, fallbackTimestamp);
                case OTHER -> p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new InvalidRecordException(RejectReason.NOT_JSON, "not valid JSON: unexpected " + t);
        }
        if (p.nextToken() != null) {
            throw new InvalidRecordException(
                    RejectReason.NOT_JSON, "not valid JSON: trailing content after the object");
        }
        if (!sawTemperature) {
            throw new InvalidRecordException(RejectReason.MISSING_TEMPERATURE, "no \"temperature\" field");
        }
        if (!Double.isFinite(temperature)) {
            throw new InvalidRecordException(RejectReason.NOT_FINITE, "temperature is " + temperature);
        }
        return new Reading(machineId == null ? Reading.DEFAULT_MACHINE_ID : machineId, timestamp, temperature);
    }

    private enum Field {
        TEMPERATURE,
        MACHINE_ID,
        TIMESTAMP,
        OTHER
    }

    private static Field fieldOf(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "temperature" -> Field.TEMPERATURE;
            case "machineid", "machine_id", "machine" -> Field.MACHINE_ID;
            case "timestamp", "time", "ts" -> Field.TIMESTAMP;
            default -> Field.OTHER;
        };
    }

    private static String machineIdOf(JsonParser p, String name, JsonToken value)
            throws IOException, InvalidRecordException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NUMBER_INT) {
            throw new InvalidRecordException(
                    RejectReason.INVALID_MACHINE_ID, "\"" + name + "\" must be a string, was " + describe(value));
        }
        String id = p.getText().strip();
        if (id.length() > MAX_MACHINE_ID_LENGTH) {
            throw new InvalidRecordException(
                    RejectReason.INVALID_MACHINE_ID,
                    "\"" + name + "\" is " + id.length() + " characters long, at most " + MAX_MACHINE_ID_LENGTH
                            + " allowed");
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                throw new InvalidRecordException(
                        RejectReason.INVALID_MACHINE_ID, "\"" + name + "\" contains control characters");
            }
        }
        return id.isEmpty() ? null : id;
    }

    private static long timestampOf(JsonParser p, String name, JsonToken value, long fallback)
            throws IOException, InvalidRecordException {
        switch (value) {
            case VALUE_NULL:
                return fallback;
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    break;
                }
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                double d = p.getDoubleValue();
                if (Double.isFinite(d) && Math.abs(d) < 9.0e15) {
                    return (long) d;
                }
                break;
            case VALUE_STRING:
                return parseInstant(name, p.getText());
            default:
        }
        throw new InvalidRecordException(
                RejectReason.INVALID_TIMESTAMP,
                "\"" + name + "\" must be epoch milliseconds or an ISO-8601 instant, was " + describe(value));
    }

    private static long parseInstant(String name, String text) throws InvalidRecordException {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new InvalidRecordException(
                        RejectReason.INVALID_TIMESTAMP,
                        "\"" + name + "\" is not an ISO-8601 instant like 2025-11-27T03:20:00Z: " + abbreviate(text));
            }
        } catch (ArithmeticException e) {
            throw new InvalidRecordException(
                    RejectReason.INVALID_TIMESTAMP, "\"" + name + "\" is out of range: " + abbreviate(text));
        }
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> t.toString();
        };
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
