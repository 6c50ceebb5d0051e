package io.regimestream.job.health;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The drift part of a task's checkpoint of its per-machine records ({@code machines.MachineStateSnapshots}):
 * a header per task (the next boundary, and per watched model its key, when watching began and the
 * task's overall window), and per machine its window, tagged with the model it measures against.
 *
 * <p>On restore every task reads every task's snapshot (the records are union state, so a machine's
 * record, window included, reaches whichever task its readings reach after a rescale). A window is
 * kept when the restored task watches the same model and baseline (by key), else it starts empty.
 * Boundaries are aligned to the epoch, so every task has the same ones; the restored task continues
 * from the latest boundary of the snapshots (of windows as long as its own: after a change of
 * {@code --drift-window} all start empty), and a window of a snapshot taken a boundary earlier
 * is rolled on (two or more: emptied). A window from another task's snapshot is <em>dormant</em>:
 * rolled but not reported until a reading of its machine reaches this task (so a machine is reported
 * by the one task that scores it, not by every task that restored it). The overall windows come
 * back only from the task's own snapshot at an unchanged parallelism (after a rescale a task sees
 * other machines).
 */
public final class DriftCheckpoint {

    /** Set in a window's tag byte (its watch's index) when it is dormant ({@link DriftWindow#dormant}). */
    private static final int DORMANT = 0x40;

    private DriftCheckpoint() {}

    /** What one snapshot's header says, resolved against the monitor that restores it (null: drift is off now). */
    public static final class Header {
        final DriftMonitor monitor;
        final long nextBoundary;
        final DriftWatch[] watchOf; // the snapshot's watch index -> the live watch of the same key, or null
        final long[] since;
        final DriftWindow[] overall;
        final boolean own;

        private Header(DriftMonitor monitor, long nextBoundary, int watches, boolean own) {
            this.monitor = monitor;
            this.nextBoundary = nextBoundary;
            this.watchOf = new DriftWatch[watches];
            this.since = new long[watches];
            this.overall = new DriftWindow[watches];
            this.own = own;
        }
    }

    public static void writeHeader(DriftMonitor monitor, DataOutputStream out) throws IOException {
        out.writeLong(monitor.slotMillis());
        out.writeLong(monitor.nextBoundary);
        out.writeByte(monitor.watches.size());
        for (DriftWatch w : monitor.watches) {
            out.writeUTF(w.key);
            out.writeLong(w.since);
            w.overall.write(out);
        }
    }

    public static void writeWindow(DriftMonitor monitor, DriftWindow window, DataOutputStream out) throws IOException {
        int index = window.watch == null ? -1 : monitor.watches.indexOf(window.watch);
        out.writeByte(index < 0 ? -1 : window.dormant ? index | DORMANT : index);
        if (index >= 0) {
            window.write(out);
        }
    }

    /**
     * Reads a header (consumes it also when {@code monitor} is null).
     *
     * @param own whether the snapshot is this task's own, at an unchanged parallelism
     */
    public static Header readHeader(DriftMonitor monitor, DataInputStream in, boolean own) throws IOException {
        long slotMillis = in.readLong();
        long nextBoundary = in.readLong();
        int watches = in.readUnsignedByte();
        if (monitor != null && slotMillis != monitor.slotMillis()) {
            monitor = null; // windows of another length (--drift-window changed): they start empty
        }
        Header h = new Header(monitor, nextBoundary, watches, own);
        for (int i = 0; i < watches; i++) {
            String key = in.readUTF();
            h.since[i] = in.readLong();
            DriftWatch watch = monitor == null ? null : watched(monitor, key);
            h.watchOf[i] = watch;
            // the task's own overall window goes straight back; others' are read past
            h.overall[i] = own && watch != null ? watch.overall : new DriftWindow(null);
            h.overall[i].read(in);
        }
        return h;
    }

    private static DriftWatch watched(DriftMonitor monitor, String key) {
        for (DriftWatch w : monitor.watches) {
            if (w.key.equals(key)) {
                return w;
            }
        }
        return null;
    }

    /**
     * Before the windows: the monitor continues from the latest boundary of the snapshots, each
     * watch from the earliest start of its model's windows; the overall windows read from the task's
     * own snapshot are rolled on like the others.
     */
    public static void settle(DriftMonitor monitor, List<Header> headers) {
        if (monitor == null || headers.isEmpty()) {
            return;
        }
        long latest = 0;
        for (Header h : headers) {
            if (h.monitor != null) {
                latest = Math.max(latest, h.nextBoundary);
            }
        }
        if (latest == 0) {
            return;
        }
        monitor.nextBoundary = latest;
        for (Header h : headers) {
            for (int i = 0; i < h.watchOf.length; i++) {
                DriftWatch w = h.watchOf[i];
                if (w == null) {
                    continue;
                }
                w.since = Math.min(w.since, h.since[i]);
                if (h.overall[i] == w.overall) {
                    catchUp(h, w.overall);
                }
            }
        }
    }

    /** Reads a machine's window into {@code window}, or past it when its model is not watched now. */
    public static void readWindow(Header h, DriftWindow window, DataInputStream in) throws IOException {
        int tag = in.readByte();
        if (tag < 0) {
            return;
        }
        int index = tag & ~DORMANT;
        DriftWatch watch = index < h.watchOf.length ? h.watchOf[index] : null;
        if (watch == null) {
            new DriftWindow(null).read(in); // another model's (or drift is off now): its window starts empty
            return;
        }
        window.read(in);
        window.watch = watch;
        // Another task's: reported here only once the machine's readings come here (at an unchanged
        // parallelism a machine's readings keep going to the task that snapshotted it).
        window.dormant = (tag & DORMANT) != 0 || !h.own;
        catchUp(h, window);
    }

    /** Rolls a restored window on by the boundaries its snapshot is behind the monitor's. */
    private static void catchUp(Header h, DriftWindow window) {
        long behind = (h.monitor.nextBoundary - h.nextBoundary) / h.monitor.slotMillis();
        if (behind == 1) {
            window.roll();
        } else if (behind >= 2) {
            window.reset(window.watch);
        }
    }
}
