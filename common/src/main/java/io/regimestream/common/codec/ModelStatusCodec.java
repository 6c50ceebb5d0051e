package io.regimestream.common.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.ShadowReport;
import java.io.IOException;

/**
 * What a scoring task did with a model announcement (activated, rejected, shadowing, ...) as JSON.
 * A {@code shadow_report} status also has {@code "shadow":{"activeVersion":..,"shadowVersion":..,
 * "from":..,"to":..,"readings":..,"agreements":..,"agreementRate":..,"meanAbsProbabilityDifference":..,
 * "confusion":[[..],..]}} (rows: the active model's regimes, columns: the shadow's).
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
            g.writeEndObject();
        });
    }

    public static ModelStatus fromJson(byte[] json) {
        JsonNode n = Json.tree(json);
        JsonNode shadow = n.get("shadow");
        return new ModelStatus(
                n.path("version").asText(),
                ModelStatus.Outcome.fromCode(n.path("outcome").asText()),
                n.path("detail").asText(),
                n.path("source").asText(),
                n.path("task").asText(),
                n.path("time").asLong(),
                shadow == null || shadow.isNull() ? null : shadowReport(shadow));
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
