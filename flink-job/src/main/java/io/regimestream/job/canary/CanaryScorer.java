package io.regimestream.job.canary;

import io.regimestream.common.records.CanaryPlan;
import io.regimestream.job.health.FitCounts;
import io.regimestream.job.health.FitMeter;
import io.regimestream.job.updates.LoadedModel;
import io.regimestream.model.RegimeModel;

/**
 * A task's canary on the hot path: says which machines the candidate scores ({@link CanarySplit}) and
 * counts how each side's readings fit its own model ({@link FitMeter}s) until the next report. The
 * candidate's predictions are outputs like any other (they say {@code "canary":true}); what the
 * candidate scores, the active model does not, so no reading is scored twice.
 *
 * <p>Not thread-safe: one per task, used by the task's thread only.
 */
public final class CanaryScorer {

    private final LoadedModel candidate;
    private final double share;
    private final FitMeter candidateFit;
    private final FitMeter activeFit;

    /** Scores {@code plan}'s share of the machines with {@code candidate}; {@code active} scores the rest. */
    public CanaryScorer(LoadedModel candidate, CanaryPlan plan, RegimeModel active) {
        this.candidate = candidate;
        this.share = plan.share();
        this.candidateFit = new FitMeter(candidate.model());
        this.activeFit = new FitMeter(active);
    }

    /** True when the candidate scores {@code machineId}'s readings. */
    public boolean scores(String machineId) {
        return CanarySplit.scores(machineId, share);
    }

    public RegimeModel model() {
        return candidate.model();
    }

    public LoadedModel loaded() {
        return candidate;
    }

    public String version() {
        return candidate.model().version();
    }

    /** Counts one scored reading on the side that scored it. */
    public void observe(boolean byCandidate, double temperature, int regime, boolean lowConfidence) {
        (byCandidate ? candidateFit : activeFit).observe(temperature, regime, lowConfidence);
    }

    /** The candidate's counts since the last report (taken). */
    FitCounts takeCandidate() {
        return candidateFit.take();
    }

    /** The active model's counts since the last report (taken). */
    FitCounts takeActive() {
        return activeFit.take();
    }

    /** Both sides' counts not yet reported, for a checkpoint: candidate first. */
    FitCounts[] unreported() {
        return new FitCounts[] {candidateFit.peek(), activeFit.peek()};
    }

    /** Counts a checkpoint held, not yet reported: reported with the next counts. */
    void addUnreported(FitCounts candidateCounts, FitCounts activeCounts) {
        candidateFit.add(candidateCounts);
        activeFit.add(activeCounts);
    }
}
