package io.regimestream.job.updates;

import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.job.canary.CanaryStep;

/**
 * What becomes of one control-topic record, decided off the task thread ({@link ModelUpdates}): a
 * model ready to score with (or to shadow), an announcement that changes nothing, or the reason it
 * was rejected. The task applies it between two readings.
 *
 * @param decision  ready, unchanged, rejected or tallied (a canary report)
 * @param version   the announced version ("" when the announcement itself is unreadable)
 * @param source    where the model comes from, or the record's position when unreadable
 * @param mode      active, shadow or canary (active when unreadable)
 * @param loaded    the model to apply, when ready; the canary's candidate, for a report counted
 * @param detail    why it was rejected, or why it changes nothing
 * @param announcementProblem true when the announcement (fields, signature, sequence, location, sha256) was wrong,
 *                  false when the model itself was
 * @param promotion true when the ready model is the shadow, now announced as active
 * @param rollback  true when the announcement says it goes back to an older model on purpose
 * @param canary    the canary's part: its plan, for a canary announcement; the tally, verdict and figures, for one
 *                  of its reports counted; null otherwise
 * @param partition control-topic partition of the record
 * @param offset    its offset
 */
public record ModelUpdate(
        Decision decision,
        String version,
        String source,
        ModelAnnouncement.Mode mode,
        LoadedModel loaded,
        String detail,
        boolean announcementProblem,
        boolean promotion,
        boolean rollback,
        CanaryStep canary,
        int partition,
        long offset) {

    /** What the task does with it. */
    public enum Decision {
        /** Score with it (or beside the active model, for a shadow) from the next reading on. */
        READY,
        /** Nothing changes: it announces exactly the model the task has (drift windows are kept). */
        UNCHANGED,
        /** Nothing changes: it failed a check. */
        REJECTED,
        /**
         * A canary report of this job: counted into the canary's tally ({@link #canary()}), whose verdict may
         * promote the candidate or roll it back; or not counted (another job's, an ended canary's: no canary step).
         */
        TALLIED
    }

    static ModelUpdate ready(
            LoadedModel loaded, ModelAnnouncement announcement, boolean promotion, int partition, long offset) {
        return new ModelUpdate(
                Decision.READY,
                loaded.identity().version(),
                loaded.identity().source(),
                announcement.mode(),
                loaded,
                null,
                false,
                promotion,
                announcement.rollback(),
                announcement.isCanary() ? CanaryStep.started(announcement.canary()) : null,
                partition,
                offset);
    }

    /** A canary report counted: {@code step} has the tally after it and what it decides. */
    public static ModelUpdate tallied(LoadedModel candidate, CanaryStep step, int partition, long offset) {
        return new ModelUpdate(
                Decision.TALLIED,
                candidate.identity().version(),
                candidate.identity().source(),
                ModelAnnouncement.Mode.CANARY,
                candidate,
                step.judgement().reason(),
                false,
                false,
                false,
                step,
                partition,
                offset);
    }

    /** A canary report not counted (another job's, an ended canary's, one written again): nothing changes. */
    public static ModelUpdate ignored(int partition, long offset) {
        return new ModelUpdate(
                Decision.TALLIED,
                "",
                "",
                ModelAnnouncement.Mode.CANARY,
                null,
                null,
                false,
                false,
                false,
                null,
                partition,
                offset);
    }

    static ModelUpdate unchanged(ModelAnnouncement a, String why, int partition, long offset) {
        return new ModelUpdate(
                Decision.UNCHANGED,
                a.version(),
                a.source(),
                a.mode(),
                null,
                why,
                false,
                false,
                false,
                null,
                partition,
                offset);
    }

    public static ModelUpdate rejected(
            String version,
            String source,
            ModelAnnouncement.Mode mode,
            String why,
            boolean announcementProblem,
            int partition,
            long offset) {
        return new ModelUpdate(
                Decision.REJECTED,
                version,
                source,
                mode,
                null,
                why,
                announcementProblem,
                false,
                false,
                null,
                partition,
                offset);
    }

    public boolean isReady() {
        return decision == Decision.READY;
    }

    public boolean isShadow() {
        return mode == ModelAnnouncement.Mode.SHADOW;
    }

    public boolean isCanary() {
        return mode == ModelAnnouncement.Mode.CANARY;
    }
}
