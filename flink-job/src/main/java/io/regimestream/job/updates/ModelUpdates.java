package io.regimestream.job.updates;

import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.job.canary.CanaryJudge;
import io.regimestream.job.canary.CanaryReportCodec;
import io.regimestream.job.canary.CanaryRule;
import io.regimestream.job.canary.CanaryRun;
import io.regimestream.job.canary.CanarySeal;
import io.regimestream.job.canary.CanaryTally;
import io.regimestream.model.AnnouncementPolicy;
import io.regimestream.model.ModelArtifact;
import io.regimestream.model.ModelException;
import io.regimestream.model.RegimeModel;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides, in topic order and off the task thread, what each control-topic record does
 * ({@link #prepare}), keeping track of what the task will have once it applied every decision so
 * far: the last applied sequence, the active announced model and the shadow. The task applies
 * every decision as it comes, so this view is exact.
 *
 * <p>For each announcement, in this order: it must be readable and pass the job's
 * {@link AnnouncementPolicy} (fields, signature of the whole message, location allow-list); one
 * that announces exactly the model the task has (same version, sha256 and drift baseline, in the
 * same mode) changes nothing, whatever its sequence; otherwise its sequence must be above the last
 * applied one (an older announcement sent again is a replay, and refused), and it must not have
 * been published well before the job first started following the topic (a replay to a job that has
 * applied nothing yet; {@link #START_TOLERANCE} allows for clocks apart); then the model is read
 * and loaded ({@link ContainedWork}: nothing it does can fail the task), unless the task already
 * has it (the shadow or the canary promoted by an active announcement of it, or the active model announced
 * with another drift baseline). Only what is applied moves the sequence on.
 *
 * <p>Canaries: a canary announcement starts (or replaces) the canary; the job's canary reports on the
 * topic are counted and judged by {@link CanaryJudge}, whose verdict may make the candidate the active
 * model; an active announcement ends a canary (promoting it, when it announces the candidate).
 *
 * <p>Not thread-safe: the follower's thread owns it.
 */
public final class ModelUpdates {

    /** Clocks of publisher and job may be this far apart: an announcement published earlier before the job started is old. */
    public static final Duration START_TOLERANCE = Duration.ofMinutes(5);

    /** How long reading a model from its location may take, and then loading it. */
    public static final Duration WORK_LIMIT = Duration.ofSeconds(60);

    private final AnnouncementPolicy policy;
    private final Duration workLimit;
    private final long followFromMillis;
    private long lastSequence;
    private LoadedModel active; // null: the task scores with --model
    private LoadedModel shadow;
    private final CanaryJudge canaries;

    /**
     * @param followFromMillis when the job first started following the control topic (from its checkpoints)
     * @param lastSequence the sequence of the last announcement the task applied (0: none)
     * @param active       the task's announced active model, or null when it scores with {@code --model}
     * @param shadow       the task's shadow model, or null
     */
    public ModelUpdates(
            AnnouncementPolicy policy,
            long followFromMillis,
            long lastSequence,
            LoadedModel active,
            LoadedModel shadow,
            Duration workLimit) {
        this(
                policy,
                followFromMillis,
                lastSequence,
                active,
                shadow,
                new CanaryJudge(new CanarySeal(CanarySeal.newKey()), null),
                workLimit);
    }

    /** @param canaries the task's canary, if any, and the judge of its reports */
    public ModelUpdates(
            AnnouncementPolicy policy,
            long followFromMillis,
            long lastSequence,
            LoadedModel active,
            LoadedModel shadow,
            CanaryJudge canaries,
            Duration workLimit) {
        this.policy = policy;
        this.followFromMillis = followFromMillis;
        this.lastSequence = lastSequence;
        this.active = active;
        this.shadow = shadow;
        this.canaries = canaries;
        this.workLimit = workLimit;
    }

    /** Decides what the record at {@code partition}@{@code offset} does. Never throws. */
    public ModelUpdate prepare(String topic, int partition, long offset, byte[] value) {
        if (CanaryReportCodec.isReport(value)) {
            ModelUpdate update = canaries.tally(topic, value, partition, offset);
            if (update.canary() != null && update.canary().verdict() == CanaryRule.Verdict.PROMOTE) {
                active = update.loaded();
            }
            return update;
        }
        ModelAnnouncement a;
        try {
            if (value == null) {
                throw new IllegalArgumentException("the record has no value");
            }
            a = ModelAnnouncementCodec.fromJson(value);
        } catch (RuntimeException e) {
            return ModelUpdate.rejected(
                    "",
                    topic + "-" + partition + "@" + offset,
                    ModelAnnouncement.Mode.ACTIVE,
                    "not a model announcement: " + e.getMessage(),
                    true,
                    partition,
                    offset);
        }
        try {
            policy.admit(a, System.currentTimeMillis());
        } catch (ModelException e) {
            return rejected(a, e.getMessage(), true, partition, offset);
        }
        CanaryRun canary = canaries.run();
        LoadedModel current = switch (a.mode()) {
            case ACTIVE -> active;
            case SHADOW -> shadow;
            case CANARY -> canary == null ? null : canary.candidate();
        };
        boolean endsCanary = a.mode() == ModelAnnouncement.Mode.ACTIVE && canary != null;
        if (current != null
                && !endsCanary
                && current.identity().isIdentical(a)
                && (!a.isCanary() || a.canary().equals(canary.plan()))) {
            return unchanged(a, current, partition, offset);
        }
        if (a.sequence() <= lastSequence) {
            return rejected(
                    a,
                    "model " + a.source() + ": has sequence " + a.sequence() + ", not above " + lastSequence
                            + ", the last this task applied: an older announcement sent again (a replay) is refused; "
                            + "to go back to an older model, publish it again (a new announcement, a new sequence)",
                    true,
                    partition,
                    offset);
        }
        if (a.publishedAt() < followFromMillis - START_TOLERANCE.toMillis()) {
            return rejected(
                    a,
                    "model " + a.source() + ": was published at " + Instant.ofEpochMilli(a.publishedAt())
                            + ", before this job first started following the control topic ("
                            + Instant.ofEpochMilli(followFromMillis)
                            + "): an old announcement sent again (a replay) is "
                            + "refused; publish it again",
                    true,
                    partition,
                    offset);
        }
        if (a.isCanary() && active != null && active.identity().isSameModel(a)) {
            return rejected(
                    a,
                    "model " + a.source() + ": is the active model already; a canary of it would only compare it "
                            + "with itself",
                    true,
                    partition,
                    offset);
        }
        boolean promotion = a.mode() == ModelAnnouncement.Mode.ACTIVE
                && shadow != null
                && shadow.identity().isSameModel(a);
        LoadedModel promoted = promotion
                ? shadow
                : endsCanary && canary.candidate().identity().isSameModel(a) ? canary.candidate() : null;
        LoadedModel ready;
        if (promoted != null) {
            ModelIdentity identity = promoted.identity().announcedBy(a);
            ready = new LoadedModel(identity, promoted.model().withDriftBaseline(identity.baseline()));
        } else if (current != null && current.identity().isSameModel(a)) {
            ModelIdentity identity = current.identity().announcedBy(a).withBaseline(a.baseline());
            ready = new LoadedModel(identity, current.model().withDriftBaseline(identity.baseline()));
        } else {
            ModelArtifact artifact;
            try {
                artifact = ContainedWork.run(
                        a.source(), "reading " + a.version(), workLimit, () -> ModelArtifact.fetch(a, policy));
            } catch (ModelException e) {
                return rejected(a, e.getMessage(), true, partition, offset);
            }
            try {
                RegimeModel model = ContainedWork.run(
                        a.source(), "loading " + a.version(), workLimit, () -> RegimeModel.load(artifact));
                ready = new LoadedModel(ModelIdentity.of(a, artifact, partition, offset), model);
            } catch (ModelException e) {
                return rejected(a, e.getMessage(), false, partition, offset);
            }
        }
        lastSequence = a.sequence();
        switch (a.mode()) {
            case SHADOW -> shadow = ready;
            case CANARY -> canaries.start(new CanaryRun(ready, a.canary(), CanaryTally.EMPTY));
            case ACTIVE -> {
                active = ready;
                if (promotion) {
                    shadow = null;
                }
                canaries.end();
            }
        }
        return ModelUpdate.ready(ready, a, promotion, partition, offset);
    }

    private ModelUpdate unchanged(ModelAnnouncement a, LoadedModel current, int partition, long offset) {
        if (a.sequence() > lastSequence) { // a new announcement of the same model: it is applied, as nothing
            lastSequence = a.sequence();
            LoadedModel again = new LoadedModel(current.identity().announcedBy(a), current.model());
            if (a.isShadow()) {
                shadow = again;
            } else if (!a.isCanary()) { // a canary keeps its first announcement's sequence: its reports name it
                active = again;
            }
        }
        return ModelUpdate.unchanged(
                a,
                "announces the " + a.mode().code() + " model " + a.version()
                        + " as it is (same sha256 and drift baseline" + (a.isCanary() ? " and plan" : "")
                        + "): nothing changes, drift windows kept",
                partition,
                offset);
    }

    private static ModelUpdate rejected(
            ModelAnnouncement a, String why, boolean announcementProblem, int partition, long offset) {
        return ModelUpdate.rejected(a.version(), a.source(), a.mode(), why, announcementProblem, partition, offset);
    }

    /** The sequence of the last announcement applied (or decided to be applied). */
    public long lastSequence() {
        return lastSequence;
    }
}
