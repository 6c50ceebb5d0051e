package io.regimestream.job.canary;

import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.job.updates.LoadedModel;
import io.regimestream.job.updates.ModelUpdate;

/**
 * The follower's side of a canary: counts each of this job's canary reports on the control topic
 * into the canary's {@link CanaryTally}, in topic order, and judges the tally after each one
 * ({@link CanaryRule}). Every task's follower reads the same reports in the same order, so every task
 * reaches the same verdict after the same report, at the same place in the control topic (before
 * any announcement that comes after it): no task ever promotes a canary that another rolls back.
 *
 * <p>Not counted: another job's reports, those of a canary that has ended or was replaced, and a
 * report that overlaps what its task already reported. A report that claims to be this job's but
 * whose seal does not verify is rejected (a status and a WARN).
 *
 * <p>Not thread-safe: the follower's thread owns it.
 */
public final class CanaryJudge {

    private final CanarySeal seal;
    private CanaryRun run; // null: no canary

    /** @param restored the canary a restored task had, with its tally; null for none */
    public CanaryJudge(CanarySeal seal, CanaryRun restored) {
        this.seal = seal;
        this.run = restored;
    }

    /** The canary under way, or null. */
    public CanaryRun run() {
        return run;
    }

    public void start(CanaryRun canary) {
        run = canary;
    }

    public void end() {
        run = null;
    }

    /** Decides what the report at {@code partition}@{@code offset} does. Never throws. */
    public ModelUpdate tally(String topic, byte[] value, int partition, long offset) {
        CanaryReport report;
        try {
            report = CanaryReportCodec.read(value, seal);
        } catch (CanaryReportCodec.ForeignReportException e) {
            return e.forged()
                    ? rejected(topic, partition, offset, "a canary report that " + e.getMessage())
                    : ModelUpdate.ignored(partition, offset);
        } catch (RuntimeException e) {
            return rejected(topic, partition, offset, "not a canary report: " + e.getMessage());
        }
        if (run == null || !run.isOf(report) || !run.tally().counts(report)) {
            return ModelUpdate.ignored(partition, offset);
        }
        CanaryTally tally = run.tally().with(report);
        LoadedModel candidate = run.candidate();
        var figures = tally.figures(candidate.identity().version(), run.plan().share());
        var judgement = CanaryRule.judge(run.plan(), figures.candidate(), figures.active(), tally.heldMillis());
        CanaryStep step = new CanaryStep(run.plan(), tally, judgement, figures);
        run = judgement.verdict() == CanaryRule.Verdict.CONTINUE ? run.with(tally) : null;
        return ModelUpdate.tallied(candidate, step, partition, offset);
    }

    private static ModelUpdate rejected(String topic, int partition, long offset, String why) {
        return ModelUpdate.rejected(
                "",
                topic + "-" + partition + "@" + offset,
                ModelAnnouncement.Mode.CANARY,
                why,
                true,
                partition,
                offset);
    }
}
