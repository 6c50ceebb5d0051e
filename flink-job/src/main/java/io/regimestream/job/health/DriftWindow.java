package io.regimestream.job.health;

import io.regimestream.job.checkpoint.VarLongs;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * One series' drift counters over a sliding window made of two half-window slots: the current
 * half, counted per reading, and the older one. The counters are plain fields, not arrays, and the
 * per-machine record ({@code machines.MachineState}) extends this class, so a machine's counters
 * sit in the very object its regime track is in: a reading costs no lookup and no pointer of its
 * own for drift, and no allocation.
 *
 * <p>Instead of a count per decile bin, each slot counts for each of the 9 cut points the readings
 * above it ({@code above0..above8}); a reading adds one to each cut point below it, which is the
 * same 9 comparisons a bin index takes, without the index. The bins follow: bin 0 holds
 * {@code readings - above0}, bin i {@code above(i-1) - above(i)}, bin 9 {@code above8}.
 */
public class DriftWindow {

    private final String machineId; // null: a task's overall series
    DriftWatch watch; // the model whose baseline these counts measure against; null: none yet
    boolean drifting; // the last evaluated window was drift: no new event until one is not
    /**
     * Restored from another task's snapshot (after a rescale every task restores every machine):
     * rolled at each boundary but not evaluated here until a reading of the machine comes here, so
     * the task that scores the machine reports its window, and only that one.
     */
    boolean dormant;

    // The current half window.
    int readings;
    int above0, above1, above2, above3, above4, above5, above6, above7, above8;
    int outOfRange;
    int lowConfidence;
    double distance;

    // The older half window.
    int olderReadings;
    int olderAbove0, olderAbove1, olderAbove2, olderAbove3, olderAbove4, olderAbove5, olderAbove6, olderAbove7;
    int olderAbove8;
    int olderOutOfRange;
    int olderLowConfidence;
    double olderDistance;

    /** @param machineId the machine, or null for a task's overall series */
    protected DriftWindow(String machineId) {
        this.machineId = machineId;
    }

    /** The machine, or null for a task's overall series. */
    public final String machineId() {
        return machineId;
    }

    /** Counts one reading predicted in {@code regime} against {@code ref}: 9 comparisons and a few increments. */
    final void add(DriftReference ref, int regime, double t, boolean low) {
        double[] c = ref.cuts;
        int o = regime * DriftReference.CUTS;
        readings++;
        above0 += c[o] < t ? 1 : 0;
        above1 += c[o + 1] < t ? 1 : 0;
        above2 += c[o + 2] < t ? 1 : 0;
        above3 += c[o + 3] < t ? 1 : 0;
        above4 += c[o + 4] < t ? 1 : 0;
        above5 += c[o + 5] < t ? 1 : 0;
        above6 += c[o + 6] < t ? 1 : 0;
        above7 += c[o + 7] < t ? 1 : 0;
        above8 += c[o + 8] < t ? 1 : 0;
        outOfRange += (t < ref.min) | (t > ref.max) ? 1 : 0;
        lowConfidence += low ? 1 : 0;
        distance += Math.abs(t - ref.centroids[regime]) * ref.inverseSpreads[regime];
    }

    /** The readings above cut point {@code i} over the whole window (both halves). */
    final long above(int i) {
        return switch (i) {
            case 0 -> (long) above0 + olderAbove0;
            case 1 -> (long) above1 + olderAbove1;
            case 2 -> (long) above2 + olderAbove2;
            case 3 -> (long) above3 + olderAbove3;
            case 4 -> (long) above4 + olderAbove4;
            case 5 -> (long) above5 + olderAbove5;
            case 6 -> (long) above6 + olderAbove6;
            case 7 -> (long) above7 + olderAbove7;
            case 8 -> (long) above8 + olderAbove8;
            default -> throw new IllegalArgumentException("cut point " + i);
        };
    }

    final long windowReadings() {
        return (long) readings + olderReadings;
    }

    final long windowOutOfRange() {
        return (long) outOfRange + olderOutOfRange;
    }

    final long windowLowConfidence() {
        return (long) lowConfidence + olderLowConfidence;
    }

    final double windowDistance() {
        return distance + olderDistance;
    }

    /** The window's PSI ({@link DriftReference#psiTerm}) over its 10 bins. */
    final double psi() {
        long n = windowReadings();
        double psi = DriftReference.psiTerm(n - above(0), n);
        for (int i = 1; i < DriftReference.CUTS; i++) {
            psi += DriftReference.psiTerm(above(i - 1) - above(i), n);
        }
        return psi + DriftReference.psiTerm(above(DriftReference.CUTS - 1), n);
    }

    /** At a slot boundary: the current half becomes the older one, and the current one starts empty. */
    final void roll() {
        olderReadings = readings;
        olderAbove0 = above0;
        olderAbove1 = above1;
        olderAbove2 = above2;
        olderAbove3 = above3;
        olderAbove4 = above4;
        olderAbove5 = above5;
        olderAbove6 = above6;
        olderAbove7 = above7;
        olderAbove8 = above8;
        olderOutOfRange = outOfRange;
        olderLowConfidence = lowConfidence;
        olderDistance = distance;
        clearCurrent();
    }

    private void clearCurrent() {
        readings = 0;
        above0 = above1 = above2 = above3 = above4 = above5 = above6 = above7 = above8 = 0;
        outOfRange = 0;
        lowConfidence = 0;
        distance = 0;
    }

    /** Both halves empty, measuring against {@code newWatch} from now on. */
    final void reset(DriftWatch newWatch) {
        roll();
        roll();
        drifting = false;
        watch = newWatch;
    }

    /** Both halves: per half its readings, then (when it has any) its other counters and its distance sum. */
    final void write(DataOutputStream out) throws IOException {
        VarLongs.write(out, olderReadings);
        if (olderReadings > 0) {
            writeCounts(out, olderAbove0, olderAbove1, olderAbove2, olderAbove3, olderAbove4, olderAbove5);
            writeCounts(out, olderAbove6, olderAbove7, olderAbove8, olderOutOfRange, olderLowConfidence);
            out.writeDouble(olderDistance);
        }
        VarLongs.write(out, readings);
        if (readings > 0) {
            writeCounts(out, above0, above1, above2, above3, above4, above5);
            writeCounts(out, above6, above7, above8, outOfRange, lowConfidence);
            out.writeDouble(distance);
        }
        out.writeBoolean(drifting);
    }

    private static void writeCounts(DataOutputStream out, int... counts) throws IOException {
        for (int c : counts) {
            VarLongs.write(out, c);
        }
    }

    /** Reads what {@link #write} wrote: each half is read into the current one, the older half rolled there first. */
    final void read(DataInputStream in) throws IOException {
        readCurrent(in);
        roll();
        readCurrent(in);
        drifting = in.readBoolean();
    }

    private void readCurrent(DataInputStream in) throws IOException {
        clearCurrent();
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
