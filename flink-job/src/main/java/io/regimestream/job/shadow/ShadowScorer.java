package io.regimestream.job.shadow;

import io.regimestream.common.records.ShadowReport;
import io.regimestream.job.updates.LoadedModel;
import io.regimestream.job.updates.ModelIdentity;
import io.regimestream.model.RegimeModel;
import io.regimestream.model.RegimeScore;

/**
 * A task's shadow model: scores each reading the active model scored, for comparison only, and
 * counts how the two compare ({@link ShadowComparison}) until the next report. Nothing it does
 * reaches a prediction: a reading the shadow cannot score is only counted ({@link #failures()}).
 *
 * <p>Not thread-safe: one per task, used by the task's thread only.
 */
public final class ShadowScorer {

    private final LoadedModel shadow;
    private ShadowComparison comparison;
    private long failures;

    /** Starts comparing {@code shadow} with {@code active} at {@code nowMillis}. */
    public ShadowScorer(LoadedModel shadow, RegimeModel active, long nowMillis) {
        this.shadow = shadow;
        this.comparison = comparison(active, nowMillis);
    }

    /** Scores {@code temperature} with the shadow and counts how it compares with {@code active}, the active model's score. */
    public void score(double temperature, RegimeScore active) {
        RegimeScore candidate;
        try {
            candidate = shadow.model().score(temperature);
        } catch (RuntimeException e) {
            failures++; // the reading itself was scored by the active model; the shadow's trouble is only reported
            return;
        }
        comparison.add(active, candidate);
    }

    /**
     * The figures since the last report (null when no reading was compared), and from now on a
     * comparison with {@code active} (the same model, or the one that has just become active).
     */
    public ShadowReport report(RegimeModel active, long nowMillis) {
        ShadowReport report = comparison.readings() == 0 ? null : comparison.report(nowMillis);
        comparison = comparison(active, nowMillis);
        return report;
    }

    private ShadowComparison comparison(RegimeModel active, long nowMillis) {
        return new ShadowComparison(
                active.version(),
                active.regimeCount(),
                shadow.model().version(),
                shadow.model().regimeCount(),
                nowMillis);
    }

    public LoadedModel loaded() {
        return shadow;
    }

    /** What identifies the shadow model, as checkpoints keep it. */
    public ModelIdentity identity() {
        return shadow.identity();
    }

    public String version() {
        return shadow.model().version();
    }

    /** Readings the shadow could not score (the active model could) since it started. */
    public long failures() {
        return failures;
    }
}
