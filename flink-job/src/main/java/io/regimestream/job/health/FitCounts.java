package io.regimestream.job.health;

import io.regimestream.common.records.CanaryFigures;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * How the readings one model scored fitted that model's own training data, as counts that add up
 * over scoring tasks and intervals ({@link #plus}): readings, low-confidence predictions, readings
 * outside the training [min, max] and readings per training decile bin. {@link #side()} turns them
 * into the figures a canary is judged by (shares and PSI). Counted by a {@link FitMeter}.
 *
 * @param readings      readings scored
 * @param lowConfidence of them, predictions below the job's confidence threshold
 * @param outOfRange    of them, outside the model's training range (0 without a training distribution)
 * @param bins          readings per training decile bin ({@value DriftReference#BINS} counts); null when the model
 *                      has no training distribution
 */
public record FitCounts(long readings, long lowConfidence, long outOfRange, long[] bins) {

    /** Nothing counted, for a model with ({@code withDistribution}) or without a training distribution. */
    public static FitCounts none(boolean withDistribution) {
        return new FitCounts(0, 0, 0, withDistribution ? new long[DriftReference.BINS] : null);
    }

    public FitCounts {
        if (readings < 0 || lowConfidence < 0 || outOfRange < 0 || lowConfidence > readings || outOfRange > readings) {
            throw new IllegalArgumentException("counts out of range: " + readings + " readings, " + lowConfidence
                    + " low-confidence, " + outOfRange + " out of range");
        }
        if (bins != null && bins.length != DriftReference.BINS) {
            throw new IllegalArgumentException(DriftReference.BINS + " bins, not " + bins.length);
        }
    }

    public boolean hasDistribution() {
        return bins != null;
    }

    /** The sum of both; a distribution only when both have one (two models' bins do not add up). */
    public FitCounts plus(FitCounts other) {
        long[] sum = null;
        if (bins != null && other.bins != null) {
            sum = new long[DriftReference.BINS];
            for (int i = 0; i < sum.length; i++) {
                sum[i] = bins[i] + other.bins[i];
            }
        }
        return new FitCounts(
                readings + other.readings, lowConfidence + other.lowConfidence, outOfRange + other.outOfRange, sum);
    }

    /** The shares and the PSI; the range share and PSI are null without a training distribution. */
    public CanaryFigures.Side side() {
        return new CanaryFigures.Side(
                readings,
                readings == 0 ? 0.0 : (double) lowConfidence / readings,
                bins == null || readings == 0 ? null : (double) outOfRange / readings,
                bins == null || readings == 0 ? null : DriftReference.psi(bins, readings));
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeLong(readings);
        out.writeLong(lowConfidence);
        out.writeLong(outOfRange);
        out.writeBoolean(bins != null);
        if (bins != null) {
            for (long b : bins) {
                out.writeLong(b);
            }
        }
    }

    public static FitCounts read(DataInputStream in) throws IOException {
        long readings = in.readLong();
        long lowConfidence = in.readLong();
        long outOfRange = in.readLong();
        long[] bins = null;
        if (in.readBoolean()) {
            bins = new long[DriftReference.BINS];
            for (int i = 0; i < bins.length; i++) {
                bins[i] = in.readLong();
            }
        }
        return new FitCounts(readings, lowConfidence, outOfRange, bins);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FitCounts c
                && readings == c.readings
                && lowConfidence == c.lowConfidence
                && outOfRange == c.outOfRange
                && Arrays.equals(bins, c.bins);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(readings) * 31 + Arrays.hashCode(bins);
    }

    @Override
    public String toString() {
        return "FitCounts[" + readings + " readings, " + lowConfidence + " low-confidence, " + outOfRange
                + " out of range, bins " + Arrays.toString(bins) + "]";
    }
}
