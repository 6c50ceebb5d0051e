package io.regimestream.common.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.records.CompactPrediction;
import io.regimestream.common.records.Prediction;

/**
 * Compact predictions ({@code --prediction-format compact}) as flat JSON, with the full record's
 * field names: {@code machineId}, {@code timestamp}, {@code temperature}, {@code regime},
 * {@code modelVersion}, {@code lowConfidence}, and {@code "canary":true} in a canary's predictions only. Written by {@link CompactPredictionWriter}, read with
 * Jackson.
 */
public final class CompactPredictionCodec {

    private CompactPredictionCodec() {}

    public static byte[] toJson(CompactPrediction p) {
        return new CompactPredictionWriter().toJson(p);
    }

    /** The compact record of a full prediction. */
    public static byte[] toJson(Prediction p) {
        return new CompactPredictionWriter().toJson(p);
    }

    /**
     * Reads a compact record, or the same fields of a full one (a consumer can read either).
     *
     * @throws IllegalArgumentException if it is not JSON or lacks one of the fields (but {@code lowConfidence})
     */
    public static CompactPrediction fromJson(byte[] json) {
        JsonNode n = Json.tree(json);
        return new CompactPrediction(
                required(n, "machineId").asText(),
                required(n, "timestamp").asLong(),
                required(n, "temperature").asDouble(),
                required(n, "regime").asInt(),
                required(n, "modelVersion").asText(),
                n.path("lowConfidence").asBoolean(false), // absent in full predictions of older jobs
                n.path("canary").asBoolean(false)); // only in a canary's predictions
    }

    private static JsonNode required(JsonNode record, String field) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("not a prediction: no '" + field + "' in " + record);
        }
        return value;
    }
}
