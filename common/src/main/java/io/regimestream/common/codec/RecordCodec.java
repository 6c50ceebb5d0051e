package io.regimestream.common.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.InvalidRecordException;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelAnnouncementRule;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RegimeChange;
import io.regimestream.common.records.RejectReason;
import io.regimestream.common.records.ShadowReport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The one JSON codec for every record the pipeline moves: readings in, predictions and dead
 * letters out. Producer, job, demo and tests all use it, so the wire format lives here only.
 *
 * <p>Reading input is lenient where the original article needs it (keys case-insensitive,
 * {@code {"Temperature": 57, "label": 3}} accepted, unknown fields ignored) and strict about
 * values (a temperature must be a finite JSON number). Thread-safe and stateless.
 */
public final class RecordCodec {

    /** Longest machine id accepted; it becomes a Kafka key and an InfluxDB tag. */
    public static final int MAX_MACHINE_ID_LENGTH = 128;

    /** Deeper JSON than this is refused rather than walked (hostile nesting). */
    private static final int MAX_NESTING_DEPTH = 64;

    static final JsonFactory JSON = JsonFactory.builder()
            // NaN / Infinity tokens are parsed so that they are reported as not finite, not as "not JSON".
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // Schubfach: the shortest text that parses back to the same double, several times faster
            // than JDK 17's Double.toString (which is not always the shortest).
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

    private RecordCodec() {
    }

    // ---------------------------------------------------------------- readings

    /**
     * Parses one reading. A missing machine id becomes {@link Reading#DEFAULT_MACHINE_ID}; a missing
     * timestamp becomes {@code fallbackTimestamp} (the Kafka record time, or {@link Reading#NO_TIMESTAMP}).
     *
     * @throws InvalidRecordException with the reason when the message is not a usable reading
     */
    public static Reading parseReading(byte[] message, long fallbackTimestamp) throws InvalidRecordException {
        if (message == null || message.length == 0 || isBlank(message)) {
            throw new InvalidRecordException(RejectReason.EMPTY, "the message is empty");
        }
        try (JsonParser p = JSON.createParser(message)) {
            return parseReading(p, fallbackTimestamp);
        } catch (InvalidRecordException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException(RejectReason.NOT_JSON, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRecordException(RejectReason.NOT_JSON, "not valid JSON: " + e.getMessage());
        }
    }

    /** Same as {@link #parseReading(byte[], long)} for text, e.g. one line of a JSON-lines file. */
    public static Reading parseReading(String message, long fallbackTimestamp) throws InvalidRecordException {
        return parseReading(message.getBytes(StandardCharsets.UTF_8), fallbackTimestamp);
    }

    private static Reading parseReading(JsonParser p, long fallbackTimestamp) throws IOException, InvalidRecordException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidRecordException(RejectReason.NOT_AN_OBJECT, "expected a JSON object like "
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
                        throw new InvalidRecordException(RejectReason.WRONG_TYPE,
                                "\"" + name + "\" must be a number, was " + describe(value));
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
            throw new InvalidRecordException(RejectReason.NOT_JSON, "not valid JSON: trailing content after the object");
        }
        if (!sawTemperature) {
            throw new InvalidRecordException(RejectReason.MISSING_TEMPERATURE, "no \"temperature\" field");
        }
        if (!Double.isFinite(temperature)) {
            throw new InvalidRecordException(RejectReason.NOT_FINITE, "temperature is " + temperature);
        }
        return new Reading(machineId == null ? Reading.DEFAULT_MACHINE_ID : machineId, timestamp, temperature);
    }

    private enum Field { TEMPERATURE, MACHINE_ID, TIMESTAMP, OTHER }

    private static Field fieldOf(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "temperature" -> Field.TEMPERATURE;
            case "machineid", "machine_id", "machine" -> Field.MACHINE_ID;
            case "timestamp", "time", "ts" -> Field.TIMESTAMP;
            default -> Field.OTHER;
        };
    }

    private static String machineIdOf(JsonParser p, String name, JsonToken value) throws IOException, InvalidRecordException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NUMBER_INT) {
            throw new InvalidRecordException(RejectReason.INVALID_MACHINE_ID,
                    "\"" + name + "\" must be a string, was " + describe(value));
        }
        String id = p.getText().strip();
        if (id.length() > MAX_MACHINE_ID_LENGTH) {
            throw new InvalidRecordException(RejectReason.INVALID_MACHINE_ID,
                    "\"" + name + "\" is " + id.length() + " characters long, at most " + MAX_MACHINE_ID_LENGTH + " allowed");
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                throw new InvalidRecordException(RejectReason.INVALID_MACHINE_ID, "\"" + name + "\" contains control characters");
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
        throw new InvalidRecordException(RejectReason.INVALID_TIMESTAMP,
                "\"" + name + "\" must be epoch milliseconds or an ISO-8601 instant, was " + describe(value));
    }

    private static long parseInstant(String name, String text) throws InvalidRecordException {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new InvalidRecordException(RejectReason.INVALID_TIMESTAMP,
                        "\"" + name + "\" is not an ISO-8601 instant like 2025-11-27T03:20:00Z: " + abbreviate(text));
            }
        } catch (ArithmeticException e) {
            throw new InvalidRecordException(RejectReason.INVALID_TIMESTAMP, "\"" + name + "\" is out of range: " + abbreviate(text));
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

    public static byte[] toJson(Reading r) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("machineId", r.machineId());
            if (r.hasTimestamp()) {
                g.writeNumberField("timestamp", r.timestamp());
            }
            g.writeNumberField("temperature", r.temperature());
            g.writeEndObject();
        });
    }

    // ---------------------------------------------------------------- predictions

    /** JSON field holding the probability of regime {@code i}. */
    public static String probabilityField(int regime) {
        return regime < PROBABILITY_FIELDS.length ? PROBABILITY_FIELDS[regime] : "probability" + regime;
    }

    /** The usual names, built once: one prediction names all of them. */
    private static final String[] PROBABILITY_FIELDS = IntStream.range(0, 32)
            .mapToObj(i -> "probability" + i).toArray(String[]::new);

    /** One prediction; a task writing many uses a {@link PredictionJsonWriter} instead (same text). */
    public static byte[] toJson(Prediction p) {
        return write(g -> writePrediction(g, p));
    }

    static void writePrediction(JsonGenerator g, Prediction p) throws IOException {
        writePrediction(g, p, ProbabilityRounding.FULL);
    }

    /** As above, with confidence and probabilities rounded for output only (regime and flags are already decided). */
    static void writePrediction(JsonGenerator g, Prediction p, ProbabilityRounding rounding) throws IOException {
        g.writeStartObject();
        g.writeStringField("machineId", p.machineId());
        g.writeNumberField("timestamp", p.timestamp());
        g.writeNumberField("temperature", p.temperature());
        g.writeNumberField("regime", p.regime());
        g.writeNumberField("confidence", rounding.round(p.confidence()));
        double[] probabilities = p.probabilities();
        for (int i = 0; i < probabilities.length; i++) {
            g.writeNumberField(probabilityField(i), rounding.round(probabilities[i]));
        }
        g.writeStringField("modelVersion", p.modelVersion());
        g.writeNumberField("processingTime", p.processingTime());
        g.writeBooleanField("lowConfidence", p.lowConfidence());
        g.writeEndObject();
    }

    public static Prediction parsePrediction(byte[] json) {
        JsonNode n = tree(json);
        List<Double> probabilities = new ArrayList<>();
        for (int i = 0; n.has(probabilityField(i)); i++) {
            probabilities.add(n.get(probabilityField(i)).asDouble());
        }
        return new Prediction(
                n.path("machineId").asText(),
                n.path("timestamp").asLong(),
                n.path("temperature").asDouble(),
                n.path("regime").asInt(),
                n.path("confidence").asDouble(),
                probabilities.stream().mapToDouble(Double::doubleValue).toArray(),
                n.path("modelVersion").asText(),
                n.path("processingTime").asLong(),
                n.path("lowConfidence").asBoolean(false)); // absent in predictions of older jobs
    }

    // ---------------------------------------------------------------- dead letters

    public static byte[] toJson(DeadLetter d) {
        String text = utf8OrNull(d.payload());
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("reason", d.reason().code());
            g.writeStringField("detail", d.detail());
            // Nothing is lost: bytes that are not UTF-8 travel as base64.
            g.writeStringField("payloadEncoding", text != null ? "utf8" : "base64");
            g.writeStringField("payload", text != null ? text : Base64.getEncoder().encodeToString(d.payload()));
            g.writeStringField("sourceTopic", d.sourceTopic());
            g.writeNumberField("sourcePartition", d.partition());
            g.writeNumberField("sourceOffset", d.offset());
            g.writeNumberField("time", d.time());
            g.writeEndObject();
        });
    }

    public static DeadLetter parseDeadLetter(byte[] json) {
        JsonNode n = tree(json);
        String payload = n.path("payload").asText();
        byte[] bytes = "base64".equals(n.path("payloadEncoding").asText())
                ? Base64.getDecoder().decode(payload)
                : payload.getBytes(StandardCharsets.UTF_8);
        return new DeadLetter(
                RejectReason.fromCode(n.path("reason").asText()),
                n.path("detail").asText(),
                bytes,
                n.path("sourceTopic").asText(),
                n.path("sourcePartition").asInt(),
                n.path("sourceOffset").asLong(),
                n.path("time").asLong());
    }

    // ---------------------------------------------------------------- model control topic

    /**
     * {@code {"version":..,"sha256":..,"location":..}} or with {@code "pmml":"<PMML ...>"} instead of
     * the location; {@code publishedAt} epoch ms; {@code "mode":"shadow"} for a shadow model (an
     * active announcement has no {@code mode}, so it reads as before for older jobs).
     */
    public static byte[] toJson(ModelAnnouncement a) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("version", a.version());
            g.writeStringField("sha256", a.sha256());
            if (a.location() != null) {
                g.writeStringField("location", a.location());
            }
            if (a.pmml() != null) {
                g.writeStringField("pmml", a.pmml());
            }
            g.writeNumberField("publishedAt", a.publishedAt());
            if (a.keyId() != null) {
                g.writeStringField("keyId", a.keyId());
            }
            if (a.signature() != null) {
                g.writeStringField("signature", a.signature());
            }
            if (a.mode() != ModelAnnouncement.Mode.ACTIVE) {
                g.writeStringField("mode", a.mode().code());
            }
            g.writeEndObject();
        });
    }

    /**
     * Parses a model announcement strictly: every field must pass {@link ModelAnnouncementRule}
     * (checked against this machine's clock), so nothing malformed gets further than this.
     *
     * @throws IllegalArgumentException saying what is missing or wrong
     */
    public static ModelAnnouncement parseModelAnnouncement(byte[] json) {
        if (json.length > ModelAnnouncementRule.MAX_ANNOUNCEMENT_BYTES) {
            throw new IllegalArgumentException("a model announcement of " + json.length + " bytes is larger than the "
                    + ModelAnnouncementRule.MAX_ANNOUNCEMENT_BYTES + " allowed: announce a larger model by \"location\"");
        }
        JsonNode n = tree(json);
        if (!n.isObject()) {
            throw new IllegalArgumentException("a model announcement must be a JSON object like "
                    + "{\"version\":\"k4-..\",\"sha256\":\"..\",\"location\":\"file:///models/model.pmml\"}");
        }
        String version = requiredText(n, "version");
        String sha256 = requiredText(n, "sha256");
        JsonNode publishedAt = n.get("publishedAt");
        if (publishedAt == null || !publishedAt.canConvertToExactIntegral() || !publishedAt.canConvertToLong()) {
            throw new IllegalArgumentException("a model announcement needs \"publishedAt\", epoch milliseconds");
        }
        String mode = optionalText(n, "mode");
        ModelAnnouncement announcement = new ModelAnnouncement(version, sha256.toLowerCase(Locale.ROOT),
                optionalText(n, "location"), optionalText(n, "pmml"), publishedAt.asLong(), optionalText(n, "keyId"),
                optionalText(n, "signature"), mode == null ? ModelAnnouncement.Mode.ACTIVE : ModelAnnouncement.Mode.fromCode(mode));
        ModelAnnouncementRule.check(announcement, System.currentTimeMillis());
        return announcement;
    }

    public static byte[] toJson(ModelStatus s) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("version", s.version());
            g.writeStringField("outcome", s.outcome().code());
            g.writeStringField("detail", s.detail());
            g.writeStringField("source", s.source());
            g.writeStringField("task", s.task());
            g.writeNumberField("time", s.time());
            if (s.shadow() != null) {
                g.writeFieldName("shadow");
                writeShadowReport(g, s.shadow());
            }
            g.writeEndObject();
        });
    }

    /**
     * A status; one with outcome {@code shadow_report} has {@code "shadow":{"activeVersion":..,
     * "shadowVersion":..,"from":..,"to":..,"readings":..,"agreements":..,"agreementRate":..,
     * "meanAbsProbabilityDifference":..,"confusion":[[..],..]}} (rows: active regime, columns: shadow regime).
     */
    public static ModelStatus parseModelStatus(byte[] json) {
        JsonNode n = tree(json);
        JsonNode shadow = n.get("shadow");
        return new ModelStatus(n.path("version").asText(), ModelStatus.Outcome.fromCode(n.path("outcome").asText()),
                n.path("detail").asText(), n.path("source").asText(), n.path("task").asText(), n.path("time").asLong(),
                shadow == null || shadow.isNull() ? null : parseShadowReport(shadow));
    }

    private static void writeShadowReport(JsonGenerator g, ShadowReport r) throws IOException {
        g.writeStartObject();
        g.writeStringField("activeVersion", r.activeVersion());
        g.writeStringField("shadowVersion", r.shadowVersion());
        g.writeNumberField("from", r.fromMillis());
        g.writeNumberField("to", r.toMillis());
        g.writeNumberField("readings", r.readings());
        g.writeNumberField("agreements", r.agreements());
        if (r.readings() > 0) { // NaN is no JSON number
            g.writeNumberField("agreementRate", r.agreementRate());
        }
        g.writeNumberField("meanAbsProbabilityDifference", r.meanAbsProbabilityDifference());
        g.writeArrayFieldStart("confusion");
        for (long[] row : r.confusion()) {
            g.writeArray(row, 0, row.length);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static ShadowReport parseShadowReport(JsonNode n) {
        JsonNode rows = n.path("confusion");
        long[][] confusion = new long[rows.size()][];
        for (int a = 0; a < rows.size(); a++) {
            JsonNode row = rows.get(a);
            confusion[a] = new long[row.size()];
            for (int s = 0; s < row.size(); s++) {
                confusion[a][s] = row.get(s).asLong();
            }
        }
        return new ShadowReport(n.path("activeVersion").asText(), n.path("shadowVersion").asText(), n.path("from").asLong(),
                n.path("to").asLong(), n.path("readings").asLong(), n.path("agreements").asLong(),
                n.path("meanAbsProbabilityDifference").asDouble(), confusion);
    }

    // ---------------------------------------------------------------- regime changes

    public static byte[] toJson(RegimeChange c) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("machineId", c.machineId());
            g.writeNumberField("fromRegime", c.fromRegime());
            g.writeNumberField("toRegime", c.toRegime());
            g.writeNumberField("timestamp", c.timestamp());
            g.writeNumberField("confidence", c.confidence());
            g.writeNumberField("readings", c.readings());
            g.writeStringField("modelVersion", c.modelVersion());
            g.writeEndObject();
        });
    }

    public static RegimeChange parseRegimeChange(byte[] json) {
        JsonNode n = tree(json);
        return new RegimeChange(n.path("machineId").asText(), n.path("fromRegime").asInt(), n.path("toRegime").asInt(),
                n.path("timestamp").asLong(), n.path("confidence").asDouble(), n.path("readings").asInt(),
                n.path("modelVersion").asText());
    }

    // ---------------------------------------------------------------- helpers

    private static String requiredText(JsonNode n, String field) {
        String text = optionalText(n, field);
        if (text == null) {
            throw new IllegalArgumentException("a model announcement needs a non-empty string \"" + field + "\"");
        }
        return text;
    }

    private static String optionalText(JsonNode n, String field) {
        JsonNode value = n.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return value.asText().isBlank() ? null : value.asText();
    }

    /** The shared mapper, for metadata files and tests that need a tree. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return out.toByteArray();
    }

    private static JsonNode tree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
