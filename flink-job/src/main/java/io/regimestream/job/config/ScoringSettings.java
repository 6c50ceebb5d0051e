package io.regimestream.job.config;

/**
 * What the job makes of a score.
 *
 * @param lowConfidenceThreshold predictions with a lower confidence are flagged {@code lowConfidence}; 0 flags none
 * @param regimeChangeReadings   readings in a row a new regime must hold before it is a regime change (debounce)
 */
public record ScoringSettings(double lowConfidenceThreshold, int regimeChangeReadings) {

    public ScoringSettings {
        Problems problems = new Problems();
        problems.check(
                lowConfidenceThreshold >= 0 && lowConfidenceThreshold <= 1,
                "--low-confidence must be between 0 and 1, was " + lowConfidenceThreshold);
        problems.check(
                regimeChangeReadings >= 1, "--regime-change-readings must be at least 1, was " + regimeChangeReadings);
        problems.throwIfAny();
    }

    public ScoringSettings withRegimeChangeReadings(int readings) {
        return new ScoringSettings(lowConfidenceThreshold, readings);
    }
}
