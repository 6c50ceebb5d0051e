package io.regimestream.job.functions;

import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.ShadowReport;
import io.regimestream.job.canary.CanaryControl;
import io.regimestream.job.canary.CanaryJudge;
import io.regimestream.job.canary.CanaryState;
import io.regimestream.job.shadow.ShadowScorer;
import io.regimestream.job.updates.AppliedModels;
import io.regimestream.job.updates.LoadedModel;
import io.regimestream.job.updates.ModelFollower;
import io.regimestream.job.updates.ModelIdentity;
import io.regimestream.job.updates.ModelRestore;
import io.regimestream.job.updates.ModelUpdate;
import io.regimestream.job.updates.ModelUpdates;
import io.regimestream.job.updates.ShadowModels;
import io.regimestream.model.AnnouncementPolicy;
import io.regimestream.model.ModelException;
import io.regimestream.model.RegimeModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scoring task's side of the model control plane, without Flink: what it has applied from the
 * control topic (the announced active model, the shadow, the last sequence, the offsets) and the
 * application of the follower's decisions to the {@link ReadingScorer}, between two readings, each
 * reported on the status topic; canaries through {@link CanaryControl}. A decision never fails the task.
 *
 * <p>Metrics: {@code modelUpdatesApplied}, {@code modelUpdatesRejected} (a model that fails to load
 * or verify), {@code modelAnnouncementsRejected} (unreadable announcement, signature, sequence,
 * location, sha256), {@code modelAnnouncementsUnchanged}.
 *
 * <p>Not thread-safe: the task thread owns it.
 */
public final class ModelControl {

    private static final Logger LOG = LoggerFactory.getLogger(ModelControl.class);

    private final String task;
    private final Consumer<ModelStatus> statuses;
    private final long shadowReportMillis;
    private final Counter updatesApplied;
    private final Counter updatesRejected;
    private final Counter announcementsRejected;
    private final Counter announcementsUnchanged;
    private final CanaryControl canaries;
    private final Map<Integer, Long> appliedOffsets = new TreeMap<>();
    private final List<ModelStatus> pending = new ArrayList<>(); // decided before start(), sent by it
    private ReadingScorer scorer;
    private LoadedModel active; // null: scoring with --model
    private long lastSequence;
    private long followFromMillis;
    private long nextShadowReport;

    /**
     * @param statuses           where each decision is reported (the status topic)
     * @param followFromMillis   a fresh job follows announcements published from this time on
     * @param shadowReportMillis how often a shadow's figures are reported
     * @param canaries           the task's canaries
     */
    public ModelControl(
            String task,
            MetricGroup metrics,
            Consumer<ModelStatus> statuses,
            long followFromMillis,
            long shadowReportMillis,
            CanaryControl canaries) {
        this.task = task;
        this.statuses = statuses;
        this.canaries = canaries;
        this.followFromMillis = followFromMillis;
        this.shadowReportMillis = shadowReportMillis;
        this.updatesApplied = metrics.counter("modelUpdatesApplied");
        this.updatesRejected = metrics.counter("modelUpdatesRejected");
        this.announcementsRejected = metrics.counter("modelAnnouncementsRejected");
        this.announcementsUnchanged = metrics.counter("modelAnnouncementsUnchanged");
    }

    // ---------------------------------------------------------------- restore

    /**
     * Takes over what a restored task had applied and reads its announced model again
     * ({@link ModelRestore}); the model to score with, or null when there is none or it cannot be read
     * again (then the task scores with {@code --model}: ERROR, and a {@code rejected} status).
     *
     * @param restored the task's checkpointed entry, or null for a fresh start
     */
    public RegimeModel restore(AppliedModels restored, ModelRestore restore, String modelLocation) {
        if (restored == null) {
            return null;
        }
        appliedOffsets.putAll(restored.nextOffsets());
        followFromMillis = restored.followFromMillis();
        lastSequence = restored.lastSequence();
        if (restored.active() == null) {
            return null;
        }
        active = reload(restored.active(), restore, "scoring with --model " + modelLocation + " instead");
        if (active == null) {
            return null;
        }
        LOG.info(
                "{}: scoring with {} from the checkpoint ({}, read again), not --model {}",
                task,
                active.model().describe(),
                active.identity().source(),
                modelLocation);
        return active.model();
    }

    /**
     * Scores with {@code scorer} from now on; the restored shadow and canary, if any, score again.
     * Sends the statuses decided so far (a restore that failed, a warning).
     */
    public void start(
            ReadingScorer readingScorer,
            ShadowModels restoredShadow,
            CanaryState restoredCanary,
            ModelRestore restore) {
        this.scorer = readingScorer;
        this.nextShadowReport = System.currentTimeMillis() + shadowReportMillis;
        ModelIdentity shadow = restoredShadow == null ? null : restoredShadow.shadow();
        if (shadow != null) {
            restoreShadow(shadow, restore);
        }
        ModelIdentity candidate = restoredCanary == null ? null : restoredCanary.candidate();
        canaries.start(
                scorer, restoredCanary, candidate == null ? null : reload(candidate, restore, "ending the canary"));
        pending.forEach(statuses);
        pending.clear();
    }

    private void restoreShadow(ModelIdentity shadow, ModelRestore restore) {
        LoadedModel loaded = reload(shadow, restore, "continuing without a shadow");
        if (loaded != null) {
            scorer.useShadow(new ShadowScorer(loaded, scorer.model(), System.currentTimeMillis()));
            LOG.info(
                    "{}: shadow model {} from the checkpoint ({}) scores beside {}",
                    task,
                    loaded.model().describe(),
                    shadow.source(),
                    scorer.model().version());
        }
    }

    private LoadedModel reload(ModelIdentity identity, ModelRestore restore, String fallback) {
        try {
            return restore.load(identity);
        } catch (ModelException e) {
            // Failing here would fail every restart from this checkpoint: the task goes on without it.
            LOG.error(
                    "{}: the model {} of the checkpoint cannot be read again or no longer loads, {} (announce it "
                            + "again): {}",
                    task,
                    identity.version(),
                    fallback,
                    e.getMessage());
            pending.add(new ModelStatus(
                    identity.version(),
                    ModelStatus.Outcome.REJECTED,
                    "restoring from the checkpoint: " + e.getMessage() + " (" + fallback + "; announce it again)",
                    identity.source(),
                    task,
                    System.currentTimeMillis()));
            return null;
        }
    }

    /** A status to send when the task starts (e.g. a warning); before {@link #start} only. */
    public void report(ModelStatus status) {
        pending.add(status);
    }

    // ---------------------------------------------------------------- following

    /** The follower of the control topic, from where this task is: its offsets, sequence and models. */
    public ModelFollower follower(Properties kafka, String topic, AnnouncementPolicy policy, Duration workLimit) {
        ShadowScorer shadow = scorer.shadow();
        return new ModelFollower(
                kafka,
                topic,
                followFromMillis,
                appliedOffsets,
                task,
                new ModelUpdates(
                        policy,
                        followFromMillis,
                        lastSequence,
                        active,
                        shadow == null ? null : shadow.loaded(),
                        new CanaryJudge(canaries.seal(), canaries.run()),
                        workLimit));
    }

    /** Applies every decision the follower has queued, in topic order. */
    public void applyAll(ModelFollower follower) {
        ModelUpdate update;
        while ((update = follower.poll()) != null) {
            apply(update);
        }
    }

    /** Applies one decision between two readings; runs in the task thread. */
    public void apply(ModelUpdate update) {
        switch (update.decision()) {
            case READY -> {
                if (update.isShadow()) {
                    applyShadow(update);
                } else if (update.isCanary()) {
                    canaries.begin(update);
                } else {
                    applyActive(update);
                }
                lastSequence = update.loaded().identity().sequence();
            }
            case TALLIED -> canaries.tallied(update, this::useActive);
            case UNCHANGED -> {
                announcementsUnchanged.inc();
                LOG.info("{}: model {} announced again, nothing changes: {}", task, update.version(), update.detail());
                statuses.accept(status(update, ModelStatus.Outcome.UNCHANGED, update.detail()));
            }
            case REJECTED -> reject(update);
        }
        appliedOffsets.put(update.partition(), update.offset() + 1);
    }

    private void applyActive(ModelUpdate update) {
        String previous = scorer.model().version();
        RegimeModel next = update.loaded().model();
        ShadowScorer shadow = scorer.shadow();
        String canaryEnded = canaries.endBy(update);
        useActive(update.loaded());
        if (update.promotion()) {
            scorer.useShadow(null);
        }
        LOG.info(
                "{}: switched from model {} to {}{}{}{}",
                task,
                previous,
                next.describe(),
                update.promotion() ? " (the shadow model, promoted)" : "",
                update.rollback() ? " (a rollback, as announced)" : "",
                canaryEnded);
        statuses.accept(status(
                update,
                ModelStatus.Outcome.ACTIVATED,
                (update.rollback() ? "rolled back, as announced: " : "")
                        + (update.promotion() ? "promoted the shadow model: " : "")
                        + "scoring with " + next.describe() + " (was " + previous + ")"
                        + (shadow != null && !update.promotion()
                                ? "; shadow " + shadow.version() + " now compared with it"
                                : "")
                        + canaryEnded));
    }

    /** Scores every following reading with {@code next} (an activation, or a canary promoted), the shadow's figures so far reported. */
    private void useActive(LoadedModel next) {
        ShadowScorer shadow = scorer.shadow();
        if (shadow != null) { // the figures so far belong to the pair that ends here
            reportShadow(shadow, next.model());
        }
        scorer.useModel(next.model());
        active = next;
        updatesApplied.inc();
    }

    /** A shadow announcement: the verified model scores beside the active one from the next reading on, replacing any shadow. */
    private void applyShadow(ModelUpdate update) {
        String activeVersion = scorer.model().version();
        ShadowScorer previous = scorer.shadow();
        if (previous != null) {
            reportShadow(previous, scorer.model());
        }
        long now = System.currentTimeMillis();
        scorer.useShadow(new ShadowScorer(update.loaded(), scorer.model(), now));
        nextShadowReport = now + shadowReportMillis;
        RegimeModel shadow = update.loaded().model();
        LOG.info(
                "{}: shadow model {} scores beside {}{}",
                task,
                shadow.describe(),
                activeVersion,
                previous == null ? "" : ", replacing shadow " + previous.version());
        statuses.accept(status(
                update,
                ModelStatus.Outcome.SHADOWING,
                "shadow model " + shadow.describe() + " scores beside " + activeVersion + ", outputs unchanged"
                        + (previous == null ? "" : " (replaces shadow " + previous.version() + ")")));
    }

    private void reject(ModelUpdate update) {
        (update.announcementProblem() ? announcementsRejected : updatesRejected).inc();
        String activeVersion = scorer.model().version();
        String kept = "";
        if (update.isShadow()) {
            ShadowScorer shadow = scorer.shadow();
            kept = ", " + (shadow == null ? "no shadow" : "shadow still " + shadow.version());
        } else if (update.isCanary()) {
            kept = ", "
                    + (canaries.run() == null
                            ? "no canary"
                            : "canary still " + scorer.canary().version());
        }
        LOG.warn(
                "{}: {}model {} rejected, still scoring with {}{}: {}",
                task,
                update.isShadow() ? "shadow " : update.isCanary() ? "canary " : "",
                update.version(),
                activeVersion,
                kept,
                update.detail());
        statuses.accept(status(
                update,
                ModelStatus.Outcome.REJECTED,
                (update.isShadow() ? "shadow model: " : update.isCanary() ? "canary: " : "") + update.detail()
                        + " (still scoring with " + activeVersion
                        + kept + ")"));
    }

    /** Reports the shadow's figures, and the canary's, when their intervals have passed by {@code now}. */
    public void reportWhenDue(long now) {
        ShadowScorer shadow = scorer.shadow();
        canaries.reportWhenDue(now);
        if (shadow != null && now >= nextShadowReport) {
            reportShadow(shadow, scorer.model());
            nextShadowReport = now + shadowReportMillis;
        }
    }

    /** Emits how {@code shadow} compared since its last report (nothing without readings); it is compared with {@code active} from now on. */
    private void reportShadow(ShadowScorer shadow, RegimeModel activeModel) {
        ShadowReport report = shadow.report(activeModel, System.currentTimeMillis());
        if (report != null) {
            statuses.accept(new ModelStatus(
                    shadow.version(),
                    ModelStatus.Outcome.SHADOW_REPORT,
                    report.summary(),
                    shadow.identity().source(),
                    task,
                    report.toMillis(),
                    report));
        }
    }

    private ModelStatus status(ModelUpdate update, ModelStatus.Outcome outcome, String detail) {
        return new ModelStatus(update.version(), outcome, detail, update.source(), task, System.currentTimeMillis());
    }

    // ---------------------------------------------------------------- checkpoint

    /** What this task has applied, for its checkpoint. */
    public AppliedModels applied(int subtask, int parallelism) {
        return new AppliedModels(
                subtask,
                parallelism,
                followFromMillis,
                lastSequence,
                active == null ? null : active.identity(),
                new TreeMap<>(appliedOffsets));
    }

    /** The canary this task runs, for its checkpoint. */
    public CanaryState canary() {
        return canaries.state();
    }

    /** The shadow this task scores beside the active model, for its checkpoint. */
    public ShadowModels shadow(int subtask, int parallelism) {
        ShadowScorer shadow = scorer.shadow();
        return new ShadowModels(subtask, parallelism, shadow == null ? null : shadow.identity());
    }
}
