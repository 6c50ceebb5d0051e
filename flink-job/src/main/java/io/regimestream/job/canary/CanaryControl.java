package io.regimestream.job.canary;

import io.regimestream.common.records.CanaryFigures;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.job.functions.ReadingScorer;
import io.regimestream.job.health.FitCounts;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.updates.LoadedModel;
import io.regimestream.job.updates.ModelUpdate;
import java.util.function.Consumer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scoring task's side of canaries, without Flink: starts a canary announced on the control topic
 * (the {@link ReadingScorer} scores its share of machines with the candidate from the next reading
 * on), reports what the task counted every interval, aligned to the epoch ({@link CanaryReport},
 * sealed, to the control topic), and applies what the follower decided from every task's reports
 * ({@link CanaryJudge}): promote the candidate or roll it back, each with a status carrying the
 * figures. An active announcement ends a canary ({@link #endBy}).
 *
 * <p>Metrics: gauge {@code canaryModelVersion} ("" when none), counters {@code canaryPromotions} and
 * {@code canaryRollbacks}. Not thread-safe: the task thread owns it.
 */
public final class CanaryControl {

    private static final Logger LOG = LoggerFactory.getLogger(CanaryControl.class);

    private final String task;
    private final int subtask;
    private final int parallelism;
    private final long reportMillis;
    private final Consumer<JobOutput> outputs;
    private final Counter promotions;
    private final Counter rollbacks;
    private CanarySeal seal;
    private ReadingScorer scorer;
    private CanaryRun run; // what this task has applied: null when no canary runs
    private long reportFrom;
    private long nextReport;

    /**
     * @param key          the job's report key, unless a checkpoint has one ({@link #start})
     * @param reportMillis how often the task reports its canary figures
     * @param outputs      where reports and statuses go
     */
    public CanaryControl(
            String task,
            int subtask,
            int parallelism,
            byte[] key,
            long reportMillis,
            MetricGroup metrics,
            Consumer<JobOutput> outputs) {
        this.task = task;
        this.subtask = subtask;
        this.parallelism = parallelism;
        this.seal = new CanarySeal(key);
        this.reportMillis = reportMillis;
        this.outputs = outputs;
        this.promotions = metrics.counter("canaryPromotions");
        this.rollbacks = metrics.counter("canaryRollbacks");
        metrics.gauge("canaryModelVersion", () -> {
            CanaryRun current = run;
            return current == null ? "" : current.candidate().identity().version();
        });
    }

    public CanarySeal seal() {
        return seal;
    }

    /** The canary this task has applied, with its tally, for the follower; null when none. */
    public CanaryRun run() {
        return run;
    }

    /**
     * Scores with {@code readingScorer} from now on, with the job's report key from the checkpoint, if any (so
     * reports written before it, which the followers have yet to count, still count); {@code candidate} (the
     * restored canary's model, read again; null when there was none or it cannot be read again) scores its
     * share again, its counts not yet reported reported with the next ones (at an unchanged parallelism only:
     * after a rescale another task may have taken its machines).
     */
    public void start(ReadingScorer readingScorer, CanaryState restored, LoadedModel candidate) {
        this.scorer = readingScorer;
        if (restored != null) {
            seal = new CanarySeal(restored.key());
        }
        if (restored == null || restored.candidate() == null || candidate == null) {
            return;
        }
        run = new CanaryRun(candidate, restored.plan(), restored.tally());
        CanaryScorer canary = new CanaryScorer(candidate, restored.plan(), scorer.model());
        long now = System.currentTimeMillis();
        reportFrom = now;
        if (restored.parallelism() == parallelism) {
            canary.addUnreported(restored.candidateCounts(), restored.activeCounts());
            reportFrom = restored.reportFrom();
        }
        scorer.useCanary(canary);
        nextReport = nextBoundary(now);
        LOG.info(
                "{}: canary {} from the checkpoint scores {} beside {}",
                task,
                candidate.model().describe(),
                run.plan().describe(),
                scorer.model().version());
    }

    /** A canary announcement, ready: its share of machines is scored by the candidate from the next reading on. */
    public void begin(ModelUpdate update) {
        String previous = run == null ? null : run.candidate().identity().version();
        run = new CanaryRun(update.loaded(), update.canary().plan(), CanaryTally.EMPTY);
        scorer.useCanary(new CanaryScorer(update.loaded(), run.plan(), scorer.model()));
        long now = System.currentTimeMillis();
        reportFrom = now;
        nextReport = nextBoundary(now);
        String detail = "canary " + update.loaded().model().describe() + " scores "
                + run.plan().describe()
                + "; " + scorer.model().version() + " scores the rest"
                + (previous == null ? "" : " (replaces canary " + previous + ")");
        LOG.info("{}: {}", task, detail);
        status(update, ModelStatus.Outcome.CANARY, detail, null);
    }

    /**
     * A canary report the follower counted: its tally is this task's from now on; on a verdict the canary
     * ends, promoted ({@code promote} makes the candidate the active model, before the status goes out) or
     * rolled back.
     */
    public void tallied(ModelUpdate update, Consumer<LoadedModel> promote) {
        CanaryStep step = update.canary();
        if (step == null || run == null) { // another job's report, or one of a canary that has ended
            return;
        }
        run = run.with(step.tally());
        CanaryRule.Verdict verdict = step.verdict();
        if (verdict == CanaryRule.Verdict.CONTINUE) {
            return;
        }
        String active = scorer.model().version();
        scorer.useCanary(null);
        run = null;
        CanaryFigures figures = step.figures();
        String detail;
        if (verdict == CanaryRule.Verdict.PROMOTE) {
            promote.accept(update.loaded());
            promotions.inc();
            detail = "promoted the canary on its own, " + step.judgement().reason() + ": scoring with "
                    + update.loaded().model().describe() + " (was " + active + "); " + figures.summary();
            LOG.info("{}: {}", task, detail);
            status(update, ModelStatus.Outcome.PROMOTED, detail, figures);
        } else {
            rollbacks.inc();
            detail = "rolled the canary back on its own, " + step.judgement().reason() + ": still scoring with "
                    + active + "; " + figures.summary();
            LOG.warn("{}: {}", task, detail);
            status(update, ModelStatus.Outcome.ROLLED_BACK, detail, figures);
        }
    }

    /**
     * An active announcement, about to be applied: ends the canary, if one runs, and says how, for the
     * activation's status ("" when none ran).
     */
    public String endBy(ModelUpdate update) {
        if (run == null) {
            return "";
        }
        String version = run.candidate().identity().version();
        boolean promoted = version.equals(update.version())
                && run.candidate()
                        .identity()
                        .sha256()
                        .equalsIgnoreCase(update.loaded().identity().sha256());
        scorer.useCanary(null);
        run = null;
        return promoted
                ? "; the canary " + version + ", promoted by this announcement"
                : "; the canary " + version + " ended";
    }

    /** Reports what this task counted of the canary, when a report interval has ended. */
    public void reportWhenDue(long now) {
        CanaryScorer canary = scorer.canary();
        if (canary == null || run == null || now < nextReport) {
            return;
        }
        long to = Math.max(nextReport, now - now % reportMillis);
        FitCounts candidate = canary.takeCandidate();
        FitCounts active = canary.takeActive();
        CanaryReport report = new CanaryReport(
                        seal.keyId(),
                        canary.version(),
                        run.candidate().identity().sequence(),
                        scorer.model().version(),
                        subtask + 1,
                        parallelism,
                        reportFrom,
                        Math.max(to, reportFrom + 1),
                        candidate,
                        active,
                        null)
                .sealedWith(seal);
        outputs.accept(JobOutput.of(report));
        reportFrom = report.toMillis();
        nextReport = nextBoundary(reportFrom);
    }

    private long nextBoundary(long time) {
        return (time / reportMillis + 1) * reportMillis;
    }

    /** What this task has of the canary, for its checkpoint. */
    public CanaryState state() {
        CanaryScorer canary = scorer.canary();
        if (run == null || canary == null) {
            return new CanaryState(subtask, parallelism, seal.key(), null, null, null, 0, null, null);
        }
        FitCounts[] unreported = canary.unreported();
        return new CanaryState(
                subtask,
                parallelism,
                seal.key(),
                run.candidate().identity(),
                run.plan(),
                run.tally(),
                reportFrom,
                unreported[0],
                unreported[1]);
    }

    private void status(ModelUpdate update, ModelStatus.Outcome outcome, String detail, CanaryFigures figures) {
        outputs.accept(JobOutput.of(new ModelStatus(
                update.version(), outcome, detail, update.source(), task, System.currentTimeMillis(), null, figures)));
    }
}
