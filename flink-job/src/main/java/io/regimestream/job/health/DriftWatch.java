package io.regimestream.job.health;

import io.regimestream.common.model.DriftBaseline;
import java.util.Objects;

/**
 * One model a scoring task watches for drift: its baseline made fast ({@link DriftReference}), its
 * version (which the figures carry), the task's overall series of the readings it scored, and when
 * watching began. A task watches its active model; a model that scores only some readings (a
 * canary) gets a watch of its own, so its figures are measured against its own baseline. Made by
 * {@link DriftMonitor#activate} and {@link DriftMonitor#watch}; a window counts against one watch
 * at a time and starts empty when a reading of another watch comes.
 */
public final class DriftWatch {

    final DriftReference reference;
    final String version;
    /** Identifies the model and baseline across restarts: a restored window is kept only under the same key. */
    final String key;

    final DriftWindow overall = new DriftWindow(null);
    long since; // no window of this watch starts earlier
    boolean live = true; // false once retired: its windows are dropped
    volatile double lastOverallPsi; // read by the metrics thread

    /**
     * @param version     the model's version
     * @param regimeCount the regimes the model predicts
     * @param baseline    its training data as drift needs it; null: none
     */
    DriftWatch(String version, int regimeCount, DriftBaseline baseline, long since) {
        this.reference = new DriftReference(baseline, regimeCount);
        this.version = version;
        this.key = key(version, regimeCount, baseline);
        this.since = since;
        overall.watch = this;
    }

    static String key(String version, int regimeCount, DriftBaseline baseline) {
        return version + "#" + regimeCount + "#" + Objects.hashCode(baseline);
    }

    /** The model version its figures carry. */
    public String version() {
        return version;
    }

    /** Whether readings are compared with the deciles of the regime they were predicted in (the model has them). */
    public boolean perRegime() {
        return reference.perRegime();
    }
}
