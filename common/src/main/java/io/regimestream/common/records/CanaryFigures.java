package io.regimestream.common.records;

import java.util.Locale;
import java.util.Objects;

/**
 * The figures behind a canary decision ({@code promoted} or {@code rolled_back} on the status
 * topic): how the readings of the candidate's machines fitted the candidate and those of the other
 * machines fitted the active model, each side measured against its own model's training data, summed
 * over the reports of every scoring task from the canary's start to {@code toMillis}. The same
 * figures on every task: each decides from the same reports.
 *
 * @param candidateVersion the canary's model
 * @param activeVersion    the model that scored the other machines
 * @param share            the share of machines the candidate scored
 * @param fromMillis       processing time the first report began
 * @param toMillis         processing time up to which every scoring task had reported
 * @param candidate        the candidate's side
 * @param active           the active model's side
 */
public record CanaryFigures(
        String candidateVersion,
        String activeVersion,
        double share,
        long fromMillis,
        long toMillis,
        Side candidate,
        Side active) {

    /**
     * One side's figures.
     *
     * @param readings           readings scored
     * @param lowConfidenceShare share of low-confidence predictions (0 without readings)
     * @param outOfRangeShare    share outside its model's training [min, max]; null when that model has no training
     *                           distribution
     * @param psi                population stability index against its model's training deciles; null likewise
     */
    public record Side(long readings, double lowConfidenceShare, Double outOfRangeShare, Double psi) {

        /** e.g. {@code 1200 readings, 3.1 % low-confidence, 0.4 % out of range, PSI 0.021}. */
        public String summary() {
            return String.format(Locale.ROOT, "%d readings, %.1f %% low-confidence", readings, 100 * lowConfidenceShare)
                    + (outOfRangeShare == null
                            ? ""
                            : String.format(Locale.ROOT, ", %.1f %% out of range", 100 * outOfRangeShare))
                    + (psi == null ? "" : String.format(Locale.ROOT, ", PSI %.3f", psi));
        }
    }

    public CanaryFigures {
        Objects.requireNonNull(candidateVersion, "candidateVersion");
        Objects.requireNonNull(activeVersion, "activeVersion");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(active, "active");
    }

    /** e.g. {@code canary k3-..: 1200 readings, ...; active k4-..: 10800 readings, ...}. */
    public String summary() {
        return "canary " + candidateVersion + ": " + candidate.summary() + "; active " + activeVersion + ": "
                + active.summary();
    }
}
