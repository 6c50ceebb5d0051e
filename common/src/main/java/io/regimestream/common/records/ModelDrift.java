package io.regimestream.common.records;

import java.util.List;
import java.util.Objects;

/**
 * A {@code model-drift} event ({@code machine-model-drift}): over a window, live readings of one
 * machine (or of all a scoring task saw) stopped looking like the model's training data, or looked
 * like it again. <em>Raised</em> when a window's figures cross a threshold after the previous
 * window's did not (or after the model changed under a drift); <em>cleared</em> when a window of a
 * series that was drifting is back under both thresholds (also when that window is the first one
 * measured against a new model): so the last event of a series says whether it drifts now, which
 * is what a follower such as training's {@code retrain} needs, whatever the figures behind it.
 *
 * @param machineId            the machine; null for the overall series of a scoring task
 * @param task                 the scoring task that measured it, e.g. {@code 1/2}
 * @param windowStart          processing time the window began, epoch ms
 * @param windowEnd            processing time it ended (exclusive), epoch ms
 * @param readings             readings in the window
 * @param psi                  population stability index against the training deciles; null without a training distribution
 * @param outOfRangeShare      share of readings outside the training [min, max]; null without a training distribution
 * @param lowConfidenceShare   share of predictions flagged low-confidence
 * @param meanCentroidDistance mean distance to the centroid of the regime each reading was predicted in, in that regime's spreads; null without regimes
 * @param psiCrossed           PSI was above {@code psiThreshold}
 * @param outOfRangeCrossed    the out-of-range share was above {@code outOfRangeThreshold}
 * @param psiThreshold         the PSI threshold in force
 * @param outOfRangeThreshold  the out-of-range share threshold in force
 * @param modelVersion         the model the readings were scored with
 * @param cleared              false: drift begins (raised); true: the series is back under both thresholds (its
 *                             figures are those of the window that is back, and nothing is crossed)
 */
public record ModelDrift(
        String machineId,
        String task,
        long windowStart,
        long windowEnd,
        long readings,
        Double psi,
        Double outOfRangeShare,
        double lowConfidenceShare,
        Double meanCentroidDistance,
        boolean psiCrossed,
        boolean outOfRangeCrossed,
        double psiThreshold,
        double outOfRangeThreshold,
        String modelVersion,
        boolean cleared) {

    public static final String PSI = "psi";
    public static final String OUT_OF_RANGE = "out_of_range";
    public static final String RAISED = "raised";
    public static final String CLEARED = "cleared";

    public ModelDrift {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(modelVersion, "modelVersion");
        if (cleared && (psiCrossed || outOfRangeCrossed)) {
            throw new IllegalArgumentException("a cleared drift event crosses no threshold");
        }
    }

    /** {@value #RAISED} or {@value #CLEARED}, as the JSON's {@code "state"} says. */
    public String state() {
        return cleared ? CLEARED : RAISED;
    }

    /** The series' key on the topic: the machine id, or {@code overall/<task>} for a task's overall series. */
    public String seriesKey() {
        return machineId != null ? machineId : "overall/" + task;
    }

    /** The thresholds crossed, as named in the JSON: {@value #PSI}, {@value #OUT_OF_RANGE}. */
    public List<String> crossed() {
        return psiCrossed
                ? (outOfRangeCrossed ? List.of(PSI, OUT_OF_RANGE) : List.of(PSI))
                : (outOfRangeCrossed ? List.of(OUT_OF_RANGE) : List.of());
    }

    /** True for the overall series of a task, false for one machine's. */
    public boolean overall() {
        return machineId == null;
    }
}
