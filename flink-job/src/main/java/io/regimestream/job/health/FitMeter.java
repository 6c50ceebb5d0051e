package io.regimestream.job.health;

import io.regimestream.model.RegimeModel;

/**
 * Counts how the readings one model scores fit that model's own training data ({@link FitCounts}),
 * with the same comparisons as the drift windows ({@link DriftReference}: the decile bin among the
 * training readings of the predicted regime, the training range).
 * A canary keeps one for the candidate's machines and one for the active model's, each against its own
 * model. Not thread-safe: the task's thread owns it.
 */
public final class FitMeter {

    private final DriftReference reference;
    private long readings;
    private long lowConfidence;
    private long outOfRange;
    private long[] bins;

    /** Measures against {@code model}'s drift baseline (without a training distribution: no range or bins). */
    public FitMeter(RegimeModel model) {
        this.reference = new DriftReference(model.driftBaseline().orElse(null), model.regimeCount());
        this.bins = reference.hasDistribution() ? new long[DriftReference.BINS] : null;
    }

    /**
     * Counts one reading the model scored.
     *
     * @param regime the regime the model predicted: the reading is binned by that regime's training deciles
     */
    public void observe(double temperature, int regime, boolean lowConfidencePrediction) {
        readings++;
        if (lowConfidencePrediction) {
            lowConfidence++;
        }
        if (bins != null) {
            bins[reference.bin(regime, temperature)]++;
            if (reference.outOfRange(temperature)) {
                outOfRange++;
            }
        }
    }

    /** What was counted since the last call, and a fresh start. */
    public FitCounts take() {
        FitCounts counts = new FitCounts(readings, lowConfidence, outOfRange, bins);
        readings = 0;
        lowConfidence = 0;
        outOfRange = 0;
        bins = bins == null ? null : new long[DriftReference.BINS];
        return counts;
    }

    /** Counts taken back from a checkpoint: they are reported with the next counts. */
    public void add(FitCounts restored) {
        readings += restored.readings();
        lowConfidence += restored.lowConfidence();
        outOfRange += restored.outOfRange();
        if (bins != null && restored.bins() != null) {
            for (int i = 0; i < bins.length; i++) {
                bins[i] += restored.bins()[i];
            }
        }
    }

    /** What was counted since the last {@link #take}, without taking it (for checkpoints). */
    public FitCounts peek() {
        return new FitCounts(readings, lowConfidence, outOfRange, bins == null ? null : bins.clone());
    }
}
