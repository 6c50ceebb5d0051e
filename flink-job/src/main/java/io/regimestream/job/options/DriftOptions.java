package io.regimestream.job.options;

import io.regimestream.job.health.DriftSettings;
import picocli.CommandLine.Option;

/** The options of {@link DriftSettings}: how the job watches for model drift. */
public class DriftOptions {

    @Option(
            names = "--drift-window",
            paramLabel = "DURATION",
            defaultValue = "${env:DRIFT_WINDOW}",
            description =
                    "Sliding window of the drift figures (model_health), evaluated every half window on processing "
                            + "time; 0 = no drift monitoring (env DRIFT_WINDOW; default: ${DEFAULT-VALUE}).")
    String window = DriftSettings.DEFAULT_WINDOW_OPTION;

    @Option(
            names = "--drift-min-readings",
            paramLabel = "N",
            defaultValue = "${env:DRIFT_MIN_READINGS}",
            description = "A window with fewer readings (of a machine, or of a task overall) has no drift figures: "
                    + "PSI of few readings is noise (env DRIFT_MIN_READINGS; default: ${DEFAULT-VALUE}).")
    int minReadings = DriftSettings.DEFAULT_MIN_READINGS;

    @Option(
            names = "--drift-psi-threshold",
            paramLabel = "PSI",
            defaultValue = "${env:DRIFT_PSI_THRESHOLD}",
            description = "A window's population stability index above this raises a model-drift event "
                    + "(env DRIFT_PSI_THRESHOLD; default: ${DEFAULT-VALUE}).")
    double psiThreshold = DriftSettings.DEFAULT_PSI_THRESHOLD;

    @Option(
            names = "--drift-out-of-range-threshold",
            paramLabel = "SHARE",
            defaultValue = "${env:DRIFT_OUT_OF_RANGE_THRESHOLD}",
            description =
                    "A window's share of readings outside the training range above this raises a model-drift event "
                            + "(env DRIFT_OUT_OF_RANGE_THRESHOLD; default: ${DEFAULT-VALUE}).")
    double outOfRangeThreshold = DriftSettings.DEFAULT_OUT_OF_RANGE_THRESHOLD;

    public DriftSettings toSettings() {
        return new DriftSettings(
                Durations.parse("--drift-window", window), minReadings, psiThreshold, outOfRangeThreshold);
    }
}
