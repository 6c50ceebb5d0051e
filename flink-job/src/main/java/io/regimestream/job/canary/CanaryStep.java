package io.regimestream.job.canary;

import io.regimestream.common.records.CanaryFigures;
import io.regimestream.common.records.CanaryPlan;

/**
 * The canary's part of a follower's decision: for a canary announcement, its plan; for a report
 * counted, the tally after it, what the rule made of it and the figures behind that.
 *
 * @param plan      how the canary is tried
 * @param tally     the sums after this report; null for the announcement
 * @param judgement what the tally decides; null for the announcement
 * @param figures   the tally's figures; null for the announcement
 */
public record CanaryStep(CanaryPlan plan, CanaryTally tally, CanaryRule.Judgement judgement, CanaryFigures figures) {

    public static CanaryStep started(CanaryPlan plan) {
        return new CanaryStep(plan, CanaryTally.EMPTY, null, null);
    }

    public CanaryRule.Verdict verdict() {
        return judgement == null ? CanaryRule.Verdict.CONTINUE : judgement.verdict();
    }
}
