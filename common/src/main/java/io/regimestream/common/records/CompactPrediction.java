package io.regimestream.common.records;

import java.util.Objects;

/**
 * The part of a {@link Prediction} a consumer needs to act on it ({@code --prediction-format
 * compact}): which regime a machine is in, for which reading, by which model, and whether to trust
 * it. Its fields keep the full record's names, so a consumer of full predictions that reads only
 * these reads compact ones unchanged.
 *
 * <p>Left out: {@code confidence} and the probabilities (what the job decided from them is in
 * {@code regime} and {@code lowConfidence}; ranking or re-thresholding them is analysis, for the full
 * record or InfluxDB, which keeps them), and {@code processingTime} (the broker's append time tells
 * when a prediction came out).
 *
 * @param machineId     the reading's machine
 * @param timestamp     the reading's event time, epoch ms
 * @param temperature   the reading's temperature
 * @param regime        the predicted regime, 0 = coolest .. k-1 = hottest
 * @param modelVersion  the version of the model that scored it
 * @param lowConfidence the reading does not look like the training data: the regime may be wrong
 * @param canary        scored by a canary, a candidate model tried on a share of the machines, not the active one
 */
public record CompactPrediction(
        String machineId,
        long timestamp,
        double temperature,
        int regime,
        String modelVersion,
        boolean lowConfidence,
        boolean canary) {

    public CompactPrediction {
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /** A compact prediction of the active model. */
    public CompactPrediction(
            String machineId,
            long timestamp,
            double temperature,
            int regime,
            String modelVersion,
            boolean lowConfidence) {
        this(machineId, timestamp, temperature, regime, modelVersion, lowConfidence, false);
    }

    public static CompactPrediction of(Prediction p) {
        return new CompactPrediction(
                p.machineId(),
                p.timestamp(),
                p.temperature(),
                p.regime(),
                p.modelVersion(),
                p.lowConfidence(),
                p.canary());
    }
}
