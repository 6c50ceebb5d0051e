package io.regimestream.job.canary;

import io.regimestream.common.records.CanaryPlan;
import io.regimestream.job.updates.LoadedModel;

/**
 * A canary under way, as the follower and the task both see it: the candidate, how it is tried, and
 * the sums of its reports counted so far.
 */
public record CanaryRun(LoadedModel candidate, CanaryPlan plan, CanaryTally tally) {

    /** The canary's name in reports: its version and its announcement's sequence. */
    public boolean isOf(CanaryReport report) {
        return report.candidateVersion().equals(candidate.identity().version())
                && report.sequence() == candidate.identity().sequence();
    }

    public CanaryRun with(CanaryTally newTally) {
        return new CanaryRun(candidate, plan, newTally);
    }
}
