package io.regimestream.job.options;

import io.regimestream.job.config.ScoringSettings;
import picocli.CommandLine.Option;

/** The options of {@link ScoringSettings}. */
public class ScoringOptions {

    @Option(
            names = "--low-confidence",
            paramLabel = "PROBABILITY",
            defaultValue = "${env:LOW_CONFIDENCE}",
            description = "Predictions less confident than this are flagged lowConfidence and counted; 0 = never "
                    + "(env LOW_CONFIDENCE; default: ${DEFAULT-VALUE}).")
    double lowConfidence = 0.6;

    @Option(
            names = "--regime-change-readings",
            paramLabel = "N",
            defaultValue = "${env:REGIME_CHANGE_READINGS}",
            description = "Readings in a row a new regime must hold before a regime change is reported (debounce) "
                    + "(env REGIME_CHANGE_READINGS; default: ${DEFAULT-VALUE}).")
    int regimeChangeReadings = 3;

    public ScoringSettings toSettings() {
        return new ScoringSettings(lowConfidence, regimeChangeReadings);
    }
}
