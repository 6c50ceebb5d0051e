package io.regimestream.common.records;

import java.util.Locale;
import java.util.Objects;

/**
 * What the job did with one model announcement, on the status topic ({@code regime-model-status}).
 * Each scoring task reports for itself, so a model that only some tasks could use is visible.
 *
 * @param version  the announced version ("" when the announcement itself was unreadable)
 * @param outcome  activated or rejected
 * @param detail   why it was rejected, or what is now active
 * @param source   the announced location, or {@code inline PMML of <version>}
 * @param task     which part of the job reports, e.g. {@code score-regime 1/2}
 * @param time     epoch ms of the decision
 */
public record ModelStatus(String version, Outcome outcome, String detail, String source, String task, long time) {

    public enum Outcome {
        ACTIVATED, REJECTED;

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
    }
}
