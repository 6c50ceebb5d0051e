package io.regimestream.common.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.records.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Predictions, the job's main output, as flat JSON (one {@code probabilityN} field per regime, so
 * every field is a value a SQL table or a dashboard can read), written by {@link PredictionJsonWriter}
 * and read with Jackson.
 */
public final class PredictionCodec {

    /** The usual names, built once: one prediction names all of them. */
    private static final String[] PROBABILITY_FIELDS =
            IntStream.range(0, 32).mapToObj(i -> "probability" + i).toArray(String[]::new);

    private PredictionCodec() {}

    /** JSON field holding the probability of regime {@code i}. */
    public static String probabilityField(int regime) {
        return regime < PROBABILITY_FIELDS.length ? PROBABILITY_FIELDS[regime] : "probability" + regime;
    }

    /** One prediction, at full precision; a task writing many reuses a {@link PredictionJsonWriter}. */
    public static byte[] toJson(Prediction p) {
        return new PredictionJsonWriter().toJson(p);
    }

    public static Prediction fromJson(byte[] json) {
        JsonNode n = Json.tree(json);
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
                n.path("lowConfidence").asBoolean(false), // absent in predictions of older jobs
                n.path("canary").asBoolean(false)); // only in a canary's predictions
    }
}
