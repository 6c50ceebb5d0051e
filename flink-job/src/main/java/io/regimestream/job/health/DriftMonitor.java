package io.regimestream.job.health;

import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.records.ModelDrift;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.ModelHealth;
import io.regimestream.model.RegimeModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches whether live readings still look like the training data of the model that scored them,
 * per machine and overall (everything this scoring task scored with that model), without Flink:
 * the scorer calls {@link #observe} for every scored reading with the machine's window (its
 * per-machine record) and the watch of the model that scored it, and the operator calls
 * {@link #advance} from a timer.
 *
 * <p><b>Windows.</b> Sliding windows of {@link DriftSettings#window()}, made of two half-window
 * slots and evaluated at every slot boundary (every 5 minutes over the last 10 by default), on
 * <em>processing time</em>: the job has no watermarks, and the question is whether the model fits
 * what arrives now; so one boundary closes the windows of all machines at once, also of machines
 * that went quiet, and an old replay counts when it is scored. Boundaries are aligned to the epoch
 * (multiples of the half window), so every task has the same ones. The first window after a start
 * or a model swap is shorter; its figures say when it began.
 *
 * <p><b>Figures</b> (a window with fewer than {@link DriftSettings#minReadings()} readings has
 * none): PSI of the readings' decile bins, each reading binned by the deciles of the regime it
 * was predicted in when the model has them ({@link DriftReference}), the share outside the
 * training [min, max], the share of low-confidence predictions, the mean distance to the predicted
 * regime's centroid in spreads. Without a training distribution (an old model.json, an
 * announcement without one) PSI and range figures are left out; without regimes the distance.
 *
 * <p><b>Events.</b> A raised {@code model-drift} event when a window's PSI is above the PSI
 * threshold or its out-of-range share above that threshold, and the previous evaluated window of
 * that series was not; a cleared one when a window of a drifting series is back under both. So the
 * last event of a series says whether it drifts now. A model swap keeps that knowledge: the first
 * window measured against the new model raises the drift again under the new version, or clears it
 * (the drift is gone with the new model). A window without figures (too few readings) changes
 * nothing.
 *
 * <p><b>Models.</b> Each model that scores readings has a {@link DriftWatch}: {@link #activate}
 * for the task's active model (the previous one is retired), {@link #watch} and {@link #retire}
 * for another one scoring some of the readings (a canary). A retired model's windows are dropped
 * (their readings were that model's); a window that gets a reading of another model starts empty.
 *
 * <p><b>Cost per reading</b>: no lookup and no allocation (the window is the machine's record),
 * 9 comparisons against the regime's cut points, one multiplication for the distance, a dozen
 * increments, twice (the machine's window and the overall one). Checkpoints: {@link DriftCheckpoint}.
 *
 * <p>Metrics: counters {@code driftEvents} and {@code driftWindowsEvaluated} (windows with figures,
 * machines and overall), gauge {@code driftOverallPsi} (the active model's last overall PSI in
 * this task; 0 before the first). Not thread-safe: one per task, called by the task's thread.
 */
public final class DriftMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(DriftMonitor.class);

    private final DriftSettings settings;
    private final String task;
    private final long slotMillis;
    private final Iterable<? extends DriftWindow> machines;
    private final Counter events;
    private final Counter windowsEvaluated;
    final List<DriftWatch> watches = new ArrayList<>(2); // the live ones
    private DriftWatch active;
    long nextBoundary;

    /**
     * @param task     names the task in the overall series and events, e.g. {@code 1/2}
     * @param machines every machine's window (a live view: machines come and go)
     */
    public DriftMonitor(
            DriftSettings settings, String task, MetricGroup metrics, Iterable<? extends DriftWindow> machines) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("drift monitoring is off (--drift-window 0): create no DriftMonitor");
        }
        this.settings = settings;
        this.task = task;
        this.slotMillis = settings.slotMillis();
        this.machines = machines;
        this.events = metrics.counter("driftEvents");
        this.windowsEvaluated = metrics.counter("driftWindowsEvaluated");
        metrics.gauge("driftOverallPsi", () -> active == null ? 0.0 : active.lastOverallPsi);
    }

    /**
     * Measures the task's active model from now on: the watch of {@code model} (a new one, or the one
     * it already has under a watch of the same model and baseline); the previous active model is
     * retired unless it is the same.
     */
    public DriftWatch activate(RegimeModel model, long now) {
        return activate(
                model.version(), model.regimeCount(), model.driftBaseline().orElse(null), now);
    }

    DriftWatch activate(String version, int regimeCount, DriftBaseline baseline, long now) {
        DriftWatch next = watch(version, regimeCount, baseline, now);
        if (active != null && active != next) {
            if (next.overall.drift == DriftWindow.NOT_DRIFTING) { // the task's series goes on under the new model
                next.overall.inheritDrift(active.overall.drift);
            }
            retire(active);
        }
        active = next;
        return next;
    }

    /** The watch of {@code model}: the live one of the same model and baseline, or a new one starting now. */
    public DriftWatch watch(RegimeModel model, long now) {
        return watch(model.version(), model.regimeCount(), model.driftBaseline().orElse(null), now);
    }

    DriftWatch watch(String version, int regimeCount, DriftBaseline baseline, long now) {
        String key = DriftWatch.key(version, regimeCount, baseline);
        for (DriftWatch w : watches) {
            if (w.key.equals(key)) {
                return w;
            }
        }
        DriftWatch w = new DriftWatch(version, regimeCount, baseline, now);
        if (!w.reference.hasDistribution()) {
            LOG.warn(
                    "Task {}: model {} has no training distribution (model.json or the announcement without "
                            + "\"trainingDistribution\"): drift is measured without PSI and out-of-range share",
                    task,
                    w.version);
        } else if (!w.perRegime()) {
            LOG.info(
                    "Task {}: model {} has no per-regime distributions (\"regimeDistributions\"): PSI compares "
                            + "every reading with all training readings, so a machine's regime mix moves it",
                    task,
                    w.version);
        }
        if (nextBoundary == 0) {
            nextBoundary = (now / slotMillis + 1) * slotMillis;
        }
        watches.add(w);
        return w;
    }

    /** Stops measuring {@code watch}'s model: its windows under way are dropped. */
    public void retire(DriftWatch watch) {
        watch.live = false;
        watches.remove(watch);
    }

    /** The time of the next window evaluation, for the operator's timer. */
    public long nextBoundary() {
        return nextBoundary;
    }

    /**
     * Counts one scored reading; evaluates the windows first when a boundary has passed.
     *
     * @param window the machine's window (its per-machine record)
     * @param watch  the watch of the model that scored the reading
     * @param regime the regime it predicted
     */
    public void observe(
            DriftWindow window,
            DriftWatch watch,
            int regime,
            double temperature,
            boolean lowConfidence,
            long now,
            Consumer<JobOutput> out) {
        if (now >= nextBoundary) {
            advance(now, out);
        }
        if (window.watch != watch) { // its first reading, or the first of another model: start afresh
            window.reset(watch);
        }
        window.dormant = false; // the machine's readings come to this task: it reports the window
        DriftReference ref = watch.reference;
        window.add(ref, regime, temperature, lowConfidence);
        watch.overall.add(ref, regime, temperature, lowConfidence);
    }

    /** Evaluates and rolls the windows of every boundary up to {@code now}; nothing when none has passed. */
    public void advance(long now, Consumer<JobOutput> out) {
        for (int rolled = 0; now >= nextBoundary; rolled++) {
            if (rolled == 2) { // both halves rolled out: every window is empty until now, skip the boundaries between
                nextBoundary = (now / slotMillis + 1) * slotMillis;
                return;
            }
            long end = nextBoundary;
            for (DriftWindow w : machines) {
                DriftWatch watch = w.watch;
                if (watch != null && !watch.live) { // a retired model's readings: dropped
                    w.reset(null);
                } else if (watch != null) {
                    if (!w.dormant) {
                        evaluate(w, watch, end, out);
                    }
                    w.roll();
                }
            }
            for (DriftWatch watch : watches) {
                evaluate(watch.overall, watch, end, out);
                watch.overall.roll();
            }
            nextBoundary += slotMillis;
        }
    }

    private void evaluate(DriftWindow w, DriftWatch watch, long end, Consumer<JobOutput> out) {
        long n = w.windowReadings();
        if (n < settings.minReadings()) {
            return;
        }
        windowsEvaluated.inc();
        DriftReference ref = watch.reference;
        long start = Math.max(end - 2 * slotMillis, watch.since);
        Double psi = ref.hasDistribution() ? w.psi() : null;
        Double outOfRange = ref.hasDistribution() ? (double) w.windowOutOfRange() / n : null;
        Double distance = ref.hasRegimes() ? w.windowDistance() / n : null;
        double lowConfidence = (double) w.windowLowConfidence() / n;
        String machineId = w.machineId();
        if (machineId == null && psi != null) {
            watch.lastOverallPsi = psi;
        }
        out.accept(JobOutput.of(new ModelHealth(
                machineId, task, start, end, n, psi, outOfRange, lowConfidence, distance, watch.version)));
        boolean psiCrossed = psi != null && psi > settings.psiThreshold();
        boolean rangeCrossed = outOfRange != null && outOfRange > settings.outOfRangeThreshold();
        boolean drifting = psiCrossed || rangeCrossed;
        if (drifting ? w.drift != DriftWindow.RAISED : w.drift != DriftWindow.NOT_DRIFTING) {
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
                    watch.version,
                    !drifting)));
        }
        w.drift = drifting ? DriftWindow.RAISED : DriftWindow.NOT_DRIFTING;
    }

    long slotMillis() {
        return slotMillis;
    }

    String task() {
        return task;
    }
}
