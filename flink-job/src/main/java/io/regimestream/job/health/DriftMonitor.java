package io.regimestream.job.health;

import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.records.ModelDrift;
import io.regimestream.job.functions.RegimeTracks;
import io.regimestream.job.functions.VarLongs;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.ModelHealth;
import io.regimestream.model.RegimeModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches whether live readings still look like the model's training data, per machine and
 * overall (everything this scoring task sees), without Flink: the scorer calls {@link #observe}
 * for every scored reading, right after the machine's regime track saw it, and the operator calls
 * {@link #advance} from a timer.
 *
 * <p><b>Windows.</b> Sliding windows of {@link DriftSettings#window()}, made of two half-window
 * slots and evaluated at every slot boundary (every 5 minutes over the last 10 by default), on
 * <em>processing time</em>: the job has no watermarks, and the question is whether the model fits
 * what arrives now; so one boundary closes the windows of all machines at once, also of machines
 * that went quiet, and an old replay counts when it is scored. Boundaries are aligned to the epoch
 * (multiples of the half window). The first window after a start or a model swap is shorter; its
 * figures say when it began.
 *
 * <p><b>Figures</b> (a window with fewer than {@link DriftSettings#minReadings()} readings has
 * none): PSI against the training deciles ({@link DriftReference#psi}), share outside the
 * training [min, max], share of low-confidence predictions, mean distance to the nearest regime
 * centroid in spreads. Without a training distribution (an old model.json, an announcement
 * without one) PSI and range figures are left out; without regimes the centroid distance.
 *
 * <p><b>Events.</b> A raised {@code model-drift} event when a window's PSI is above the PSI
 * threshold or its out-of-range share above that threshold, and the previous evaluated window of
 * that series was not; a cleared one when a window of a drifting series is back under both. So the
 * last event of a series says whether it drifts now. A model swap keeps that knowledge: the first
 * window measured against the new model raises the drift again under the new version, or clears it
 * (the drift is gone with the new model). A window without figures (too few readings) changes
 * nothing.
 *
 * <p><b>Cost.</b> Per reading no lookup of its own: a machine's window is kept beside its regime
 * track ({@link RegimeTracks#attachment}), found by the track's lookup; then a binary search over
 * 9 cut points, a loop over the k centroids and a few increments. Per machine, on the heap: a
 * {@code MachineWindow} (two slots of 13 int counters and two distance sums, the id; ~40 bytes
 * plus a 120-byte array) and its place in the list of windows: ~165 bytes, ~17 MB for 100,000
 * machines. Like the tracks, a machine's window stays once it was seen.
 *
 * <p><b>Checkpoints.</b> {@link #snapshot} holds the task's windows (both slots of every machine it
 * watches, the overall series, where the slots stand), {@link #restore} takes them back when the
 * task measures against the same model and baseline and the parallelism is unchanged (a machine's
 * readings then reach the same task); a restored machine's window is attached to its track when
 * its next reading comes. After a rescale, or with another model, the windows start empty. 40 to
 * 50 bytes plus the id per machine with readings in both halves of its window, at most 3 plus the
 * id for one without readings in it.
 *
 * <p>Metrics: counters {@code driftEvents} and {@code driftWindowsEvaluated} (windows with figures,
 * machines and overall), gauge {@code driftOverallPsi} (the task's last overall PSI; 0 before the
 * first). Not thread-safe: one per task, called by the task's thread.
 */
public final class DriftMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(DriftMonitor.class);

    private final DriftSettings settings;
    private final String task;
    private final long slotMillis;
    private final List<MachineWindow> machines = new ArrayList<>();
    private final MachineWindow overall = new MachineWindow(null);
    private RegimeTracks tracks;
    private final Counter events;
    private final Counter windowsEvaluated;
    private volatile double lastOverallPsi;
    private DriftReference reference = new DriftReference(null);
    private String modelVersion = "";
    private String referenceKey = ""; // the model and baseline the windows measure against, for a restore
    private final Map<String, MachineWindow> restored = new HashMap<>(); // not yet attached to their tracks
    private long since; // when watching with this model began: no window starts earlier
    private long nextBoundary;
    private int current; // the slot readings go to now (0 or 1)

    /**
     * @param task names the task in the overall series and events, e.g. {@code 1/2}
     */
    public DriftMonitor(DriftSettings settings, String task, MetricGroup metrics) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("drift monitoring is off (--drift-window 0): create no DriftMonitor");
        }
        this.settings = settings;
        this.task = task;
        this.slotMillis = settings.slotMillis();
        this.events = metrics.counter("driftEvents");
        this.windowsEvaluated = metrics.counter("driftWindowsEvaluated");
        metrics.gauge("driftOverallPsi", () -> lastOverallPsi);
    }

    /** Keeps each machine's window beside its track in {@code machineTracks} (the scorer's). */
    public void keepWindowsWith(RegimeTracks machineTracks) {
        this.tracks = machineTracks;
    }

    /** Measures from now on against {@code model}'s baseline; windows under way are dropped (their readings are another model's). */
    public void useModel(RegimeModel model, long now) {
        useBaseline(model.version(), model.driftBaseline().orElse(null), now);
    }

    void useBaseline(String version, DriftBaseline baseline, long now) {
        reference = new DriftReference(baseline);
        referenceKey = version + "#" + Objects.hashCode(baseline);
        if (!reference.hasDistribution()) {
            LOG.warn(
                    "Task {}: model {} has no training distribution (model.json or the announcement without "
                            + "\"trainingDistribution\"): drift is measured without PSI and out-of-range share",
                    task,
                    version);
        }
        modelVersion = version;
        for (MachineWindow w : machines) {
            w.clear();
        }
        overall.clear();
        since = now;
        nextBoundary = (now / slotMillis + 1) * slotMillis;
    }

    /** The time of the next window evaluation, for the operator's timer. */
    public long nextBoundary() {
        return nextBoundary;
    }

    /**
     * Counts one scored reading; evaluates the windows first when a boundary has passed.
     *
     * @param machineId the machine (the same instance) whose regime track observed the reading just before
     */
    public void observe(
            String machineId, double temperature, boolean lowConfidence, long now, Consumer<JobOutput> out) {
        if (now >= nextBoundary) {
            advance(now, out);
        }
        MachineWindow machine = (MachineWindow) tracks.attachment(machineId);
        if (machine == null) {
            machine = restored.isEmpty() ? null : restored.remove(machineId);
            if (machine == null) {
                machine = new MachineWindow(machineId);
                machines.add(machine);
            }
            tracks.attach(machineId, machine);
        }
        DriftReference ref = reference;
        int bin = ref.hasDistribution() ? ref.bin(temperature) : -1;
        boolean outside = ref.hasDistribution() && ref.outOfRange(temperature);
        double distance = ref.hasRegimes() ? ref.centroidDistance(temperature) : 0;
        machine.add(current, bin, outside, lowConfidence, distance);
        overall.add(current, bin, outside, lowConfidence, distance);
    }

    /** Evaluates and rolls the windows of every boundary up to {@code now}; nothing when none has passed. */
    public void advance(long now, Consumer<JobOutput> out) {
        for (int rolled = 0; now >= nextBoundary; rolled++) {
            if (rolled == 2) { // both halves rolled out: every window is empty until now, skip the boundaries between
                nextBoundary = (now / slotMillis + 1) * slotMillis;
                return;
            }
            long end = nextBoundary;
            long start = Math.max(end - 2 * slotMillis, since);
            for (MachineWindow w : machines) {
                evaluate(w, start, end, out);
                w.roll(current);
            }
            evaluate(overall, start, end, out);
            overall.roll(current);
            current ^= 1;
            nextBoundary += slotMillis;
        }
    }

    private void evaluate(MachineWindow w, long start, long end, Consumer<JobOutput> out) {
        String machineId = w.machineId;
        long n = w.readings();
        if (n < settings.minReadings()) {
            return;
        }
        windowsEvaluated.inc();
        Double psi = reference.hasDistribution() ? w.psi() : null;
        Double outOfRange = reference.hasDistribution() ? (double) w.outOfRange() / n : null;
        Double distance = reference.hasRegimes() ? w.distanceSum() / n : null;
        double lowConfidence = (double) w.lowConfidence() / n;
        if (machineId == null && psi != null) {
            lastOverallPsi = psi;
        }
        out.accept(JobOutput.of(new ModelHealth(
                machineId, task, start, end, n, psi, outOfRange, lowConfidence, distance, modelVersion)));
        boolean psiCrossed = psi != null && psi > settings.psiThreshold();
        boolean rangeCrossed = outOfRange != null && outOfRange > settings.outOfRangeThreshold();
        boolean drifting = psiCrossed || rangeCrossed;
        if (drifting ? w.drift != MachineWindow.RAISED : w.drift != MachineWindow.NOT_DRIFTING) {
            if (drifting) {
                events.inc();
            }
            out.accept(JobOutput.of(new ModelDrift(
                    machineId,
                    task,
                    start,
                    end,
                    n,
                    psi,
                    outOfRange,
                    lowConfidence,
                    distance,
                    psiCrossed,
                    rangeCrossed,
                    settings.psiThreshold(),
                    settings.outOfRangeThreshold(),
                    modelVersion,
                    !drifting)));
        }
        w.drift = drifting ? MachineWindow.RAISED : MachineWindow.NOT_DRIFTING;
    }

    // ---------------------------------------------------------------- checkpoints

    private static final int FORMAT = 1;

    /** This task's windows, compact: see the class comment. */
    public byte[] snapshot(int subtask, int parallelism) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + machines.size() * 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(subtask);
            out.writeInt(parallelism);
            out.writeUTF(referenceKey);
            out.writeLong(since);
            out.writeLong(nextBoundary);
            out.writeByte(current);
            overall.write(out);
            out.writeInt(machines.size());
            for (MachineWindow w : machines) {
                out.writeUTF(w.machineId);
                w.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return bytes.toByteArray();
    }

    /**
     * Takes back the windows of the snapshot {@code subtask} of {@code parallelism} wrote, among
     * {@code snapshots}, when they measure against the model and baseline this monitor uses now.
     *
     * @return how many machines' windows came back (0: none, the windows start empty)
     */
    public int restore(Iterable<byte[]> snapshots, int subtask, int parallelism) {
        for (byte[] snapshot : snapshots) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
                int format = in.readInt();
                if (format != FORMAT) {
                    throw new IllegalStateException(
                            "drift windows in format " + format + ", this job reads format " + FORMAT);
                }
                if (in.readInt() != subtask || in.readInt() != parallelism) {
                    continue;
                }
                String key = in.readUTF();
                if (!key.equals(referenceKey)) {
                    LOG.info(
                            "Task {}: the drift windows in the checkpoint measured another model or baseline; they start "
                                    + "empty",
                            task);
                    return 0;
                }
                since = in.readLong();
                nextBoundary = in.readLong();
                current = in.readByte();
                overall.read(in);
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    MachineWindow w = new MachineWindow(in.readUTF());
                    w.read(in);
                    machines.add(w);
                    restored.put(w.machineId, w);
                }
                return count;
            } catch (IOException e) {
                throw new UncheckedIOException("the drift windows in the checkpoint are unreadable", e);
            }
        }
        return 0;
    }

    /** Machines with a window (for tests and the memory estimate). */
    int machinesWatched() {
        return machines.size();
    }

    /**
     * One series' counters, two slots of {@value #SLOT} ints each: the 10 bin counts, readings,
     * readings out of range, low-confidence predictions; plus each slot's sum of centroid distances.
     */
    static final class MachineWindow {
        static final int READINGS = DriftReference.BINS;
        static final int OUT_OF_RANGE = READINGS + 1;
        static final int LOW_CONFIDENCE = READINGS + 2;
        static final int SLOT = READINGS + 3;

        /** Drift states; in snapshots a byte, where format 1's {@code false}/{@code true} are the first two. */
        static final byte NOT_DRIFTING = 0;

        static final byte RAISED = 1;
        /** Raised against a model that has since been replaced: the next window with figures raises or clears it. */
        static final byte RAISED_UNDER_EARLIER_MODEL = 2;

        final String machineId; // null: the overall series
        final int[] counts = new int[2 * SLOT];
        double distance0;
        double distance1;
        byte drift;

        MachineWindow(String machineId) {
            this.machineId = machineId;
        }

        void add(int slot, int bin, boolean outside, boolean lowConfidence, double distance) {
            int base = slot * SLOT;
            if (bin >= 0) {
                counts[base + bin]++;
            }
            counts[base + READINGS]++;
            if (outside) {
                counts[base + OUT_OF_RANGE]++;
            }
            if (lowConfidence) {
                counts[base + LOW_CONFIDENCE]++;
            }
            if (slot == 0) {
                distance0 += distance;
            } else {
                distance1 += distance;
            }
        }

        long readings() {
            return (long) counts[READINGS] + counts[SLOT + READINGS];
        }

        long outOfRange() {
            return (long) counts[OUT_OF_RANGE] + counts[SLOT + OUT_OF_RANGE];
        }

        long lowConfidence() {
            return (long) counts[LOW_CONFIDENCE] + counts[SLOT + LOW_CONFIDENCE];
        }

        double distanceSum() {
            return distance0 + distance1;
        }

        double psi() {
            return DriftReference.psi(counts, 0, SLOT, readings());
        }

        /** The slot after {@code current} (the older half) is emptied to take the next half window. */
        void roll(int current) {
            int older = (current ^ 1) * SLOT;
            java.util.Arrays.fill(counts, older, older + SLOT, 0);
            if (current == 0) {
                distance1 = 0;
            } else {
                distance0 = 0;
            }
        }

        /** Per slot its readings, then (when it has any) its other counters and its distance sum. */
        void write(DataOutputStream out) throws IOException {
            for (int slot = 0; slot < 2; slot++) {
                int base = slot * SLOT;
                VarLongs.write(out, counts[base + READINGS]);
                if (counts[base + READINGS] > 0) {
                    for (int i = 0; i < SLOT; i++) {
                        if (i != READINGS) {
                            VarLongs.write(out, counts[base + i]);
                        }
                    }
                    out.writeDouble(slot == 0 ? distance0 : distance1);
                }
            }
            out.writeByte(drift);
        }

        void read(DataInputStream in) throws IOException {
            for (int slot = 0; slot < 2; slot++) {
                int base = slot * SLOT;
                counts[base + READINGS] = (int) VarLongs.read(in);
                if (counts[base + READINGS] > 0) {
                    for (int i = 0; i < SLOT; i++) {
                        if (i != READINGS) {
                            counts[base + i] = (int) VarLongs.read(in);
                        }
                    }
                    double distance = in.readDouble();
                    if (slot == 0) {
                        distance0 = distance;
                    } else {
                        distance1 = distance;
                    }
                }
            }
            drift = in.readByte();
            if (drift < NOT_DRIFTING || drift > RAISED_UNDER_EARLIER_MODEL) {
                throw new IOException("unknown drift state " + drift);
            }
        }

        /** Empties the window for another model; a drift raised stays known, to be raised again or cleared. */
        void clear() {
            java.util.Arrays.fill(counts, 0);
            distance0 = 0;
            distance1 = 0;
            if (drift != NOT_DRIFTING) {
                drift = RAISED_UNDER_EARLIER_MODEL;
            }
        }
    }
}
