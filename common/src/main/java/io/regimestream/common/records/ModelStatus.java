package io.regimestream.common.records;

import java.util.Locale;
import java.util.Objects;

/**
 * What the job did with one model announcement, on the status topic ({@code regime-model-status}).
 * Each scoring task reports for itself, so a model that only some tasks could use is visible. A
 * task with a shadow model also reports, periodically, how the shadow compares ({@code shadow_report}).
 *
 * @param version  the announced version ("" when the announcement itself was unreadable); the shadow's for a report; the
 *                 active model's for a warning
 * @param outcome  activated, rejected, shadowing, shadow_report, canary, promoted, rolled_back, unchanged or warning
 * @param detail   why it was rejected, or what is now active (or shadowing, or the report's summary)
 * @param source   the announced location, or {@code inline PMML of <version>}
 * @param task     which part of the job reports, e.g. {@code score-regime 1/2}
 * @param time     epoch ms of the decision
 * @param shadow   the comparison's figures for {@code shadow_report}; null for every other outcome
 * @param canary   the figures behind a canary decision ({@code promoted}, {@code rolled_back}); null for every other
 *                 outcome
 */
public record ModelStatus(
        String version,
        Outcome outcome,
        String detail,
        String source,
        String task,
        long time,
        ShadowReport shadow,
        CanaryFigures canary) {

    public enum Outcome {
        /** The announced model scores every following reading. */
        ACTIVATED,
        /** The announced model failed a check; nothing changed. */
        REJECTED,
        /** The announced shadow model scores every following reading beside the active one, outputs unchanged. */
        SHADOWING,
        /** Periodic: how the shadow model compared with the active one ({@link ModelStatus#shadow()}). */
        SHADOW_REPORT,
        /** The announced canary scores the readings of a share of the machines, the active model the rest. */
        CANARY,
        /** The job promoted the canary on its own: its health held ({@link ModelStatus#canary()}); it scores every reading now. */
        PROMOTED,
        /**
         * The job rolled the canary back on its own: it did worse than the active model ({@link ModelStatus#canary()}),
         * which scores every reading again.
         */
        ROLLED_BACK,
        /** The announcement names exactly the model the task has (same sha256 and drift baseline): nothing changed. */
        UNCHANGED,
        /**
         * Not about one announcement: something everyone watching the control plane must know, e.g. that
         * the job accepts unsigned announcements, or cannot read the control topic.
         */
        WARNING;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Outcome fromCode(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    public ModelStatus {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(task, "task");
        if ((outcome == Outcome.SHADOW_REPORT) != (shadow != null)) {
            throw new IllegalArgumentException("a shadow_report status carries a shadow report, no other status does");
        }
        if ((outcome == Outcome.PROMOTED || outcome == Outcome.ROLLED_BACK) != (canary != null)) {
            throw new IllegalArgumentException(
                    "a canary decision (promoted, rolled_back) carries its figures, no other status does");
        }
    }

    /** A status without figures (every outcome but {@code shadow_report}, {@code promoted} and {@code rolled_back}). */
    public ModelStatus(String version, Outcome outcome, String detail, String source, String task, long time) {
        this(version, outcome, detail, source, task, time, null, null);
    }

    /** A shadow report. */
    public ModelStatus(
            String version,
            Outcome outcome,
            String detail,
            String source,
            String task,
            long time,
            ShadowReport shadow) {
        this(version, outcome, detail, source, task, time, shadow, null);
    }

    /** A canary decision. */
    public ModelStatus(
            String version,
            Outcome outcome,
            String detail,
            String source,
            String task,
            long time,
            CanaryFigures canary) {
        this(version, outcome, detail, source, task, time, null, canary);
    }
}
