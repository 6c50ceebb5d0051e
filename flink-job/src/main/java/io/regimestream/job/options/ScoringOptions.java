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

    @Option(
            names = "--max-machines-per-task",
            paramLabel = "N",
            defaultValue = "${env:MAX_MACHINES_PER_TASK}",
            description = "Machines a scoring task keeps state for (regime track, drift window; ~290 bytes of heap "
                    + "each) at most: a reading of one more is not scored but goes to the dead-letter topic with the "
                    + "reason too_many_machines, so random machine ids cannot grow the state without limit "
                    + "(env MAX_MACHINES_PER_TASK; default: ${DEFAULT-VALUE}).")
    int maxMachinesPerTask = ScoringSettings.DEFAULT_MAX_MACHINES_PER_TASK;

    @Option(
            names = "--machine-idle-timeout",
            paramLabel = "DURATION",
            defaultValue = "${env:MACHINE_IDLE_TIMEOUT}",
            description = "A machine without a reading for longer loses its state (counted in the machinesEvicted "
                    + "metric); its next reading starts afresh, like a new machine's: no regime change for its first "
                    + "prediction (env MACHINE_IDLE_TIMEOUT; default: ${DEFAULT-VALUE}).")
    String machineIdleTimeout = ScoringSettings.DEFAULT_MACHINE_IDLE_TIMEOUT_OPTION;

    public ScoringSettings toSettings() {
        return new ScoringSettings(
                lowConfidence,
                regimeChangeReadings,
                maxMachinesPerTask,
                Durations.parse("--machine-idle-timeout", machineIdleTimeout));
    }
}
