package io.regimestream.common.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.records.RegimeChange;

/** Regime changes (a machine settled into another regime) as JSON. */
public final class RegimeChangeCodec {

    private RegimeChangeCodec() {}

    public static byte[] toJson(RegimeChange c) {
        return Json.write(g -> {
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

    public static RegimeChange fromJson(byte[] json) {
        JsonNode n = Json.tree(json);
        return new RegimeChange(
                n.path("machineId").asText(),
                n.path("fromRegime").asInt(),
                n.path("toRegime").asInt(),
                n.path("timestamp").asLong(),
                n.path("confidence").asDouble(),
                n.path("readings").asInt(),
                n.path("modelVersion").asText());
    }
}
