package io.regimestream.job.health;

import io.regimestream.job.checkpoint.VarLongs;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The drift counters of one half window of one series, as plain fields. Instead of a count per
 * decile bin it counts for each of the 9 cut points the readings above it ({@code above0..above8}):
 * a reading adds one to each cut point below it, which is the same 9 comparisons a bin index takes,
 * without the index (and without an array to index). The bins follow: bin 0 holds
 * {@code readings - above0}, bin i {@code above(i-1) - above(i)}, bin 9 {@code above8}.
 */
class DriftCounts {

    int readings;
    int above0, above1, above2, above3, above4, above5, above6, above7, above8;
    int outOfRange;
    int lowConfidence;
    double distance;

    /** Counts one reading predicted in {@code regime} against {@code ref}. */
    final void add(DriftReference ref, int regime, double t, boolean low) {
        add(ref.regimes[regime], ref.min, ref.max, t, low);
    }

    /**
     * Counts one reading predicted in a regime whose cut points, centroid and spread {@code regime}
     * holds, against the training range [min, max]: 9 comparisons, one multiplication, a dozen
     * increments; no branch, no array.
     */
    final void add(DriftReference.Regime regime, double min, double max, double t, boolean low) {
        readings++;
        above0 += regime.cut0 < t ? 1 : 0;
        above1 += regime.cut1 < t ? 1 : 0;
        above2 += regime.cut2 < t ? 1 : 0;
        above3 += regime.cut3 < t ? 1 : 0;
        above4 += regime.cut4 < t ? 1 : 0;
        above5 += regime.cut5 < t ? 1 : 0;
        above6 += regime.cut6 < t ? 1 : 0;
        above7 += regime.cut7 < t ? 1 : 0;
        above8 += regime.cut8 < t ? 1 : 0;
        outOfRange += (t < min) | (t > max) ? 1 : 0;
        lowConfidence += low ? 1 : 0;
        distance += Math.abs(t - regime.centroid) * regime.inverseSpread;
    }

    /** The readings above cut point {@code i}. */
    final int above(int i) {
        return switch (i) {
            case 0 -> above0;
            case 1 -> above1;
            case 2 -> above2;
            case 3 -> above3;
            case 4 -> above4;
            case 5 -> above5;
            case 6 -> above6;
            case 7 -> above7;
            case 8 -> above8;
            default -> throw new IllegalArgumentException("cut point " + i);
        };
    }

    /** Adds {@code other}'s counts to these (a task's overall series is the sum of its machines'). */
    final void add(DriftCounts other) {
        readings += other.readings;
        above0 += other.above0;
        above1 += other.above1;
        above2 += other.above2;
        above3 += other.above3;
        above4 += other.above4;
        above5 += other.above5;
        above6 += other.above6;
        above7 += other.above7;
        above8 += other.above8;
        outOfRange += other.outOfRange;
        lowConfidence += other.lowConfidence;
        distance += other.distance;
    }

    final void clearCounts() {
        readings = 0;
        above0 = above1 = above2 = above3 = above4 = above5 = above6 = above7 = above8 = 0;
        outOfRange = 0;
        lowConfidence = 0;
        distance = 0;
    }

    /** Its readings, then (when it has any) its other counters and its distance sum. */
    final void writeCounts(DataOutputStream out) throws IOException {
        VarLongs.write(out, readings);
        if (readings > 0) {
            for (int i = 0; i < DriftReference.CUTS; i++) {
                VarLongs.write(out, above(i));
            }
            VarLongs.write(out, outOfRange);
            VarLongs.write(out, lowConfidence);
            out.writeDouble(distance);
        }
    }

    final void readCounts(DataInputStream in) throws IOException {
        clearCounts();
        readings = count(in);
        if (readings > 0) {
            above0 = count(in);
            above1 = count(in);
            above2 = count(in);
            above3 = count(in);
            above4 = count(in);
            above5 = count(in);
            above6 = count(in);
            above7 = count(in);
            above8 = count(in);
            outOfRange = count(in);
            lowConfidence = count(in);
            distance = in.readDouble();
        }
    }

    private static int count(DataInputStream in) throws IOException {
        long value = VarLongs.read(in);
        if (value > Integer.MAX_VALUE) {
            throw new IOException("a drift counter of " + value + " is more than a window can hold");
        }
        return (int) value;
    }
}
