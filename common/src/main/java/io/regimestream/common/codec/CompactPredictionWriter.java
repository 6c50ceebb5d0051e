package io.regimestream.common.codec;

import io.regimestream.common.records.CompactPrediction;
import io.regimestream.common.records.Prediction;

/**
 * Writes compact predictions ({@link CompactPredictionCodec}) one after another into a reused
 * buffer, as {@link PredictionJsonWriter} writes full ones. Not thread-safe: one per task.
 */
public final class CompactPredictionWriter implements PredictionWriter {

    private final JsonBytes out = new JsonBytes();

    /** The compact record of a full prediction, without making a {@link CompactPrediction} first. */
    @Override
    public byte[] toJson(Prediction p) {
        return write(
                p.machineId(),
                p.timestamp(),
                p.temperature(),
                p.regime(),
                p.modelVersion(),
                p.lowConfidence(),
                p.canary());
    }

    public byte[] toJson(CompactPrediction p) {
        return write(
                p.machineId(),
                p.timestamp(),
                p.temperature(),
                p.regime(),
                p.modelVersion(),
                p.lowConfidence(),
                p.canary());
    }

    private byte[] write(
            String machineId,
            long timestamp,
            double temperature,
            int regime,
            String modelVersion,
            boolean lowConfidence,
            boolean canary) {
        PredictionFields.writeStart(out, machineId, timestamp, temperature, regime);
        out.append(PredictionFields.MODEL_VERSION);
        out.appendString(modelVersion);
        out.append(PredictionFields.LOW_CONFIDENCE);
        out.append(lowConfidence);
        PredictionFields.writeEnd(out, canary);
        return out.take();
    }
}
