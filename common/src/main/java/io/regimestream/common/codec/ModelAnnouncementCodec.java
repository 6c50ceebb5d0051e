package io.regimestream.common.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.model.Sha256;
import io.regimestream.common.records.CanaryPlan;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelAnnouncementRule;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Model announcements on the control topic as JSON: {@code {"version":..,"sha256":..,"location":..}}
 * or with {@code "pmml":"<PMML ...>"} instead of the location; {@code publishedAt} epoch ms;
 * optionally {@code keyId} and {@code signature}, and the model's drift baseline as model.json has it
 * ({@code trainingDistribution}, {@code regimes}, {@code regimeDistributions}); {@code "mode":"shadow"} for a
 * shadow model, {@code "mode":"canary"} with {@code "canary":{"share":..,"promoteAfterMs":..,"minReadings":..,
 * "maxShareIncrease":..,"maxPsiIncrease":..}} for a canary (an active announcement is written without
 * {@code mode}, so it reads as before for older jobs).
 * Read strictly: the topic is an attack surface.
 */
public final class ModelAnnouncementCodec {

    /** The one field a signature does not cover: itself. */
    public static final String SIGNATURE = "signature";

    /** How a canary announcement is tried ({@link CanaryPlan}). */
    private static final String CANARY = "canary";

    private ModelAnnouncementCodec() {}

    public static byte[] toJson(ModelAnnouncement a) {
        return Json.write(g -> {
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
            g.writeNumberField("sequence", a.sequence());
            if (a.keyId() != null) {
                g.writeStringField("keyId", a.keyId());
            }
            if (a.signature() != null) {
                g.writeStringField(SIGNATURE, a.signature());
            }
            writeBaseline(g, a.baseline());
            if (a.mode() != ModelAnnouncement.Mode.ACTIVE) {
                g.writeStringField("mode", a.mode().code());
            }
            if (a.canary() != null) {
                g.writeObjectFieldStart(CANARY);
                g.writeNumberField("share", a.canary().share());
                g.writeNumberField("promoteAfterMs", a.canary().promoteAfterMillis());
                g.writeNumberField("minReadings", a.canary().minReadings());
                g.writeNumberField("maxShareIncrease", a.canary().maxShareIncrease());
                g.writeNumberField("maxPsiIncrease", a.canary().maxPsiIncrease());
                g.writeEndObject();
            }
            if (a.rollback()) {
                g.writeBooleanField("rollback", true);
            }
            g.writeEndObject();
        });
    }

    /**
     * A drift baseline as model.json has it: {@code "trainingDistribution":{..}}, {@code "regimes":[..]} and
     * {@code "regimeDistributions":[..]} (a field of its own, not inside the regimes, so a job that does not know it
     * still reads the rest).
     */
    private static void writeBaseline(JsonGenerator g, DriftBaseline baseline) throws IOException {
        if (baseline == null) {
            return;
        }
        if (baseline.hasDistribution()) {
            g.writeFieldName("trainingDistribution");
            Json.mapper().writeValue(g, baseline.distribution());
        }
        if (baseline.hasRegimes()) {
            g.writeFieldName("regimes");
            Json.mapper().writeValue(g, baseline.regimes());
        }
        if (!baseline.regimeDistributions().isEmpty()) {
            g.writeFieldName("regimeDistributions");
            Json.mapper().writeValue(g, baseline.regimeDistributions());
        }
    }

    private static DriftBaseline parseBaseline(JsonNode n) {
        JsonNode distribution = n.get("trainingDistribution");
        JsonNode regimes = n.get("regimes");
        JsonNode perRegime = n.get("regimeDistributions");
        boolean hasDistribution = distribution != null && !distribution.isNull();
        boolean hasRegimes = regimes != null && !regimes.isNull();
        boolean hasPerRegime = perRegime != null && !perRegime.isNull();
        if (!hasDistribution && !hasRegimes && !hasPerRegime) {
            return null;
        }
        try {
            return new DriftBaseline(
                    hasDistribution
                            ? Json.mapper().treeToValue(distribution, ModelMetadata.TrainingDistribution.class)
                            : null,
                    hasRegimes ? list(regimes, ModelMetadata.RegimeSummary[].class) : null,
                    hasPerRegime ? list(perRegime, ModelMetadata.TrainingDistribution[].class) : null);
        } catch (JsonProcessingException e) {
            throw notAsInModelJson(e.getOriginalMessage(), e);
        }
    }

    private static <T> List<T> list(JsonNode array, Class<T[]> type) throws JsonProcessingException {
        T[] items = Json.mapper().treeToValue(array, type);
        if (items == null || Arrays.asList(items).contains(null)) {
            throw notAsInModelJson("a list holds null", null);
        }
        return List.of(items);
    }

    private static IllegalArgumentException notAsInModelJson(String why, Exception e) {
        return new IllegalArgumentException(
                "\"trainingDistribution\" / \"regimes\" / \"regimeDistributions\" must be as in model.json: " + why, e);
    }

    /**
     * Parses a model announcement strictly: every field must pass {@link ModelAnnouncementRule}
     * (checked against this machine's clock), so nothing malformed gets further than this.
     *
     * @throws IllegalArgumentException saying what is missing or wrong
     */
    public static ModelAnnouncement fromJson(byte[] json) {
        if (json.length > ModelAnnouncementRule.MAX_ANNOUNCEMENT_BYTES) {
            throw new IllegalArgumentException("a model announcement of " + json.length + " bytes is larger than the "
                    + ModelAnnouncementRule.MAX_ANNOUNCEMENT_BYTES
                    + " allowed: announce a larger model by \"location\"");
        }
        JsonNode n = Json.tree(json);
        if (!n.isObject()) {
            throw new IllegalArgumentException("a model announcement must be a JSON object like "
                    + "{\"version\":\"k4-..\",\"sha256\":\"..\",\"location\":\"file:///models/model.pmml\"}");
        }
        // What a signature covers: the whole message as sent (also fields this code does not know), not what was read
        // from it. Refuses a key that appears twice, which the tree would have resolved silently.
        String contentDigest = Sha256.hex(CanonicalJson.of(json, SIGNATURE));
        String version = requiredText(n, "version");
        String sha256 = requiredText(n, "sha256");
        long publishedAt = requiredLong(n, "publishedAt", "epoch milliseconds");
        long sequence = requiredLong(
                n,
                "sequence",
                "a positive integer above that of every earlier announcement (publish again with training)");
        String mode = optionalText(n, "mode");
        ModelAnnouncement announcement = new ModelAnnouncement(
                version,
                sha256.toLowerCase(Locale.ROOT),
                optionalText(n, "location"),
                optionalText(n, "pmml"),
                publishedAt,
                sequence,
                optionalText(n, "keyId"),
                optionalText(n, SIGNATURE),
                parseBaseline(n),
                mode == null ? ModelAnnouncement.Mode.ACTIVE : ModelAnnouncement.Mode.fromCode(mode),
                parseCanary(n.get(CANARY)),
                optionalBoolean(n, "rollback"),
                contentDigest);
        ModelAnnouncementRule.check(announcement, System.currentTimeMillis());
        return announcement;
    }

    private static CanaryPlan parseCanary(JsonNode canary) {
        if (canary == null || canary.isNull()) {
            return null;
        }
        if (!canary.isObject()) {
            throw new IllegalArgumentException(
                    "\"canary\" must be an object like {\"share\":0.1,"
                            + "\"promoteAfterMs\":600000,\"minReadings\":1000,\"maxShareIncrease\":0.02,\"maxPsiIncrease\":0.1}");
        }
        return new CanaryPlan(
                requiredNumber(canary, "share"),
                requiredLong(canary, "promoteAfterMs", "milliseconds in \"canary\""),
                requiredLong(canary, "minReadings", "readings in \"canary\""),
                requiredNumber(canary, "maxShareIncrease"),
                requiredNumber(canary, "maxPsiIncrease"));
    }

    private static double requiredNumber(JsonNode n, String field) {
        JsonNode value = n.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("\"canary\" needs the number \"" + field + "\"");
        }
        return value.asDouble();
    }

    private static boolean optionalBoolean(JsonNode n, String field) {
        JsonNode value = n.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("\"" + field + "\" must be true or false");
        }
        return value.booleanValue();
    }

    private static long requiredLong(JsonNode n, String field, String what) {
        JsonNode value = n.get(field);
        if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("a model announcement needs \"" + field + "\", " + what);
        }
        return value.asLong();
    }

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
}
