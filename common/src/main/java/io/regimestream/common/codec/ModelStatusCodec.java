package io.regimestream.common.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.records.CanaryFigures;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.ShadowReport;
import java.io.IOException;

/**
 * What a scoring task did with a model announcement (activated, rejected, shadowing, ...) as JSON.
 * A {@code shadow_report} status also has {@code "shadow":{"activeVersion":..,"shadowVersion":..,
 * "from":..,"to":..,"readings":..,"agreements":..,"agreementRate":..,"meanAbsProbabilityDifference":..,
 * "confusion":[[..],..]}} (rows: the active model's regimes, columns: the shadow's); a canary decision
 * ({@code promoted}, {@code rolled_back}) {@code "canary":{"candidateVersion":..,"activeVersion":..,"share":..,
 * "from":..,"to":..,"candidate":{"readings":..,"lowConfidenceShare":..,"outOfRangeShare":..,"psi":..},"active":{..}}}
 * (a share or PSI its model's training data cannot give is left out).
 */
public final class ModelStatusCodec {

    private ModelStatusCodec() {}

    public static byte[] toJson(ModelStatus s) {
        return Json.write(g -> {
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
            if (s.canary() != null) {
                g.writeFieldName("canary");
                writeCanaryFigures(g, s.canary());
            }
            g.writeEndObject();
        });
    }

    public static ModelStatus fromJson(byte[] json) {
        JsonNode n = Json.tree(json);
        JsonNode shadow = n.get("shadow");
        JsonNode canary = n.get("canary");
        return new ModelStatus(
                n.path("version").asText(),
                ModelStatus.Outcome.fromCode(n.path("outcome").asText()),
                n.path("detail").asText(),
                n.path("source").asText(),
                n.path("task").asText(),
                n.path("time").asLong(),
                shadow == null || shadow.isNull() ? null : shadowReport(shadow),
                canary == null || canary.isNull() ? null : canaryFigures(canary));
    }

    private static void writeCanaryFigures(JsonGenerator g, CanaryFigures f) throws IOException {
        g.writeStartObject();
        g.writeStringField("candidateVersion", f.candidateVersion());
        g.writeStringField("activeVersion", f.activeVersion());
        g.writeNumberField("share", f.share());
        g.writeNumberField("from", f.fromMillis());
        g.writeNumberField("to", f.toMillis());
        g.writeFieldName("candidate");
        writeSide(g, f.candidate());
        g.writeFieldName("active");
        writeSide(g, f.active());
        g.writeEndObject();
    }

    private static void writeSide(JsonGenerator g, CanaryFigures.Side s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("readings", s.readings());
        g.writeNumberField("lowConfidenceShare", s.lowConfidenceShare());
        if (s.outOfRangeShare() != null) {
            g.writeNumberField("outOfRangeShare", s.outOfRangeShare());
        }
        if (s.psi() != null) {
            g.writeNumberField("psi", s.psi());
        }
        g.writeEndObject();
    }

    private static CanaryFigures canaryFigures(JsonNode n) {
        return new CanaryFigures(
                n.path("candidateVersion").asText(),
                n.path("activeVersion").asText(),
                n.path("share").asDouble(),
                n.path("from").asLong(),
                n.path("to").asLong(),
                side(n.path("candidate")),
                side(n.path("active")));
    }

    private static CanaryFigures.Side side(JsonNode n) {
        return new CanaryFigures.Side(
                n.path("readings").asLong(),
                n.path("lowConfidenceShare").asDouble(),
                n.hasNonNull("outOfRangeShare") ? n.get("outOfRangeShare").asDouble() : null,
                n.hasNonNull("psi") ? n.get("psi").asDouble() : null);
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

    private static ShadowReport shadowReport(JsonNode n) {
        JsonNode rows = n.path("confusion");
        long[][] confusion = new long[rows.size()][];
        for (int a = 0; a < rows.size(); a++) {
            JsonNode row = rows.get(a);
            confusion[a] = new long[row.size()];
            for (int s = 0; s < row.size(); s++) {
                confusion[a][s] = row.get(s).asLong();
            }
        }
        return new ShadowReport(
                n.path("activeVersion").asText(),
                n.path("shadowVersion").asText(),
                n.path("from").asLong(),
                n.path("to").asLong(),
                n.path("readings").asLong(),
                n.path("agreements").asLong(),
                n.path("meanAbsProbabilityDifference").asDouble(),
                confusion);
    }
}
