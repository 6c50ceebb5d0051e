package io.regimestream.job.health;

import io.regimestream.job.checkpoint.VarLongs;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * One series' drift window: a sliding window made of two half-window slots, the current one
 * counted per reading ({@link DriftCounts}, inherited: plain fields of this object) and the older
 * one, touched only at boundaries (an object of its own, made at the first boundary). The
 * per-machine record ({@code machines.MachineState}) extends this class, so a machine's current
 * counters sit in the very object its regime track is in: a reading costs drift no lookup, no
 * pointer to follow and no allocation, and touches the cache lines the track's update touches.
 */
public class DriftWindow extends DriftCounts {

    private final String machineId; // null: a task's overall series
    DriftWatch watch; // the model whose baseline these counts measure against; null: none yet
    /** Drift states; in snapshots a byte. */
    static final byte NOT_DRIFTING = 0;

    static final byte RAISED = 1;
    /** Raised against a model that no longer scores the series: its next window with figures raises or clears it. */
    static final byte RAISED_UNDER_EARLIER_MODEL = 2;

    /** What the series' last event said: no new raised event while it is {@link #RAISED}, a cleared one when it ends. */
    byte drift;
    /**
     * Restored from another task's snapshot (after a rescale every task restores every machine):
     * rolled at each boundary but not evaluated here until a reading of the machine comes here, so
     * the task that scores the machine reports its window, and only that one.
     */
    boolean dormant;

    private DriftCounts older; // the older half; null until the first boundary (then all zero)

    /** @param machineId the machine, or null for a task's overall series */
    protected DriftWindow(String machineId) {
        this.machineId = machineId;
    }

    /** The machine, or null for a task's overall series. */
    public final String machineId() {
        return machineId;
    }

    private DriftCounts older() {
        if (older == null) {
            older = new DriftCounts();
        }
        return older;
    }

    /** The readings above cut point {@code i} over the whole window (both halves). */
    final long windowAbove(int i) {
        return (long) above(i) + (older == null ? 0 : older.above(i));
    }

    final long windowReadings() {
        return (long) readings + (older == null ? 0 : older.readings);
    }

    final long windowOutOfRange() {
        return (long) outOfRange + (older == null ? 0 : older.outOfRange);
    }

    final long windowLowConfidence() {
        return (long) lowConfidence + (older == null ? 0 : older.lowConfidence);
    }

    final double windowDistance() {
        return distance + (older == null ? 0 : older.distance);
    }

    /** The window's PSI ({@link DriftReference#psi}) over its 10 bins (bin i: above cut point i - 1, not above i). */
    final double psi() {
        long n = windowReadings();
        long[] bins = new long[DriftReference.BINS];
        bins[0] = n - windowAbove(0);
        for (int i = 1; i < DriftReference.CUTS; i++) {
            bins[i] = windowAbove(i - 1) - windowAbove(i);
        }
        bins[DriftReference.CUTS] = windowAbove(DriftReference.CUTS - 1);
        return DriftReference.psi(bins, n);
    }

    /** At a slot boundary: the current half becomes the older one, and the current one starts empty. */
    final void roll() {
        if (older == null && readings == 0) {
            return; // nothing in either half: nothing to keep, no object to make
        }
        DriftCounts o = older();
        o.clearCounts();
        o.add(this);
        clearCounts();
    }

    /** Adds both halves of {@code other} to this window's (a task's overall series is the sum of its machines'). */
    final void addWindow(DriftWindow other) {
        add(other);
        if (other.older != null) {
            older().add(other.older);
        }
    }

    /** Both halves empty. */
    final void clearWindow() {
        clearCounts();
        if (older != null) {
            older.clearCounts();
        }
    }

    /**
     * Both halves empty, measuring against {@code newWatch} from now on. A drift raised stays known
     * (another model's readings are no reason to say it is over): the first window with figures
     * raises it again under the new model, or clears it.
     */
    final void reset(DriftWatch newWatch) {
        clearWindow();
        if (newWatch != watch) {
            inheritDrift(drift);
        }
        watch = newWatch;
    }

    /** Takes on the drift state of a series that measured another model (see {@link #reset}). */
    final void inheritDrift(byte earlier) {
        drift = earlier == NOT_DRIFTING ? NOT_DRIFTING : RAISED_UNDER_EARLIER_MODEL;
    }

    /** Both halves, the older first, then its drift state. */
    final void write(DataOutputStream out) throws IOException {
        if (older == null) {
            VarLongs.write(out, 0); // an empty older half, as writeCounts writes one
        } else {
            older.writeCounts(out);
        }
        writeCounts(out);
        out.writeByte(drift);
    }

    /** Reads what {@link #write} wrote. */
    final void read(DataInputStream in) throws IOException {
        older().readCounts(in);
        if (older.readings == 0) {
            older = null;
        }
        readCounts(in);
        byte state = in.readByte();
        if (state < NOT_DRIFTING || state > RAISED_UNDER_EARLIER_MODEL) {
            throw new IOException("unknown drift state " + state);
        }
        drift = state;
    }
}
