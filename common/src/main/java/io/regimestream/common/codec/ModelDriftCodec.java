package io.regimestream.common.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.records.ModelDrift;
import java.util.ArrayList;
import java.util.List;

/**
 * Model-drift events ({@code machine-model-drift}) as JSON. {@code "state"} is {@code raised} or
 * {@code cleared}; an event without it (a job before cleared events) is a raised one.
 */
public final class ModelDriftCodec {

    private ModelDriftCodec() {}

    /** A model-drift event; absent figures (no training distribution or regimes) are left out. */
    public static byte[] toJson(ModelDrift d) {
        return Json.write(g -> {
            g.writeStartObject();
            if (d.machineId() != null) {
                g.writeStringField("machineId", d.machineId());
            }
            g.writeStringField("task", d.task());
            g.writeNumberField("windowStart", d.windowStart());
            g.writeNumberField("windowEnd", d.windowEnd());
            g.writeNumberField("readings", d.readings());
            if (d.psi() != null) {
                g.writeNumberField("psi", d.psi());
            }
            if (d.outOfRangeShare() != null) {
                g.writeNumberField("outOfRangeShare", d.outOfRangeShare());
            }
            g.writeNumberField("lowConfidenceShare", d.lowConfidenceShare());
            if (d.meanCentroidDistance() != null) {
                g.writeNumberField("meanCentroidDistance", d.meanCentroidDistance());
            }
            g.writeArrayFieldStart("crossed");
            for (String c : d.crossed()) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeNumberField("psiThreshold", d.psiThreshold());
            g.writeNumberField("outOfRangeThreshold", d.outOfRangeThreshold());
            g.writeStringField("modelVersion", d.modelVersion());
            g.writeStringField("state", d.state());
            g.writeEndObject();
        });
    }

    public static ModelDrift fromJson(byte[] json) {
        JsonNode n = Json.tree(json);
        List<String> crossed = new ArrayList<>();
        n.path("crossed").forEach(c -> crossed.add(c.asText()));
        // The JSON names the thresholds crossed; the record keeps them as two flags (a Flink POJO, no List field).
        return new ModelDrift(
                n.hasNonNull("machineId") ? n.get("machineId").asText() : null,
                n.path("task").asText(),
                n.path("windowStart").asLong(),
                n.path("windowEnd").asLong(),
                n.path("readings").asLong(),
                n.hasNonNull("psi") ? n.get("psi").asDouble() : null,
                n.hasNonNull("outOfRangeShare") ? n.get("outOfRangeShare").asDouble() : null,
                n.path("lowConfidenceShare").asDouble(),
                n.hasNonNull("meanCentroidDistance")
                        ? n.get("meanCentroidDistance").asDouble()
                        : null,
                crossed.contains(ModelDrift.PSI),
                crossed.contains(ModelDrift.OUT_OF_RANGE),
                n.path("psiThreshold").asDouble(),
                n.path("outOfRangeThreshold").asDouble(),
                n.path("modelVersion").asText(),
                stateIsCleared(n.path("state").asText(ModelDrift.RAISED)));
    }

    private static boolean stateIsCleared(String state) {
        return switch (state) {
            case ModelDrift.RAISED -> false;
            case ModelDrift.CLEARED -> true;
            default ->
                throw new IllegalArgumentException("\"state\" must be \"" + ModelDrift.RAISED + "\" or \""
                        + ModelDrift.CLEARED + "\", was '" + state + "'");
        };
    }
}
