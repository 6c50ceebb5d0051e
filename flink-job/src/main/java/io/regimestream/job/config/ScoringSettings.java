package io.regimestream.job.config;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.util.TimeUtils;

/**
 * What the job makes of a score, and how much per-machine state a scoring task keeps for it.
 *
 * @param lowConfidenceThreshold predictions with a lower confidence are flagged {@code lowConfidence}; 0 flags none
 * @param regimeChangeReadings   readings in a row a new regime must hold before it is a regime change (debounce)
 * @param maxMachinesPerTask     machines a scoring task keeps state for at most; a reading of one more machine is
 *                               not scored but sent to the dead-letter topic ({@code too_many_machines})
 * @param machineIdleTimeout     a machine without a reading for longer loses its state (regime track, drift window)
 */
public record ScoringSettings(
        double lowConfidenceThreshold, int regimeChangeReadings, int maxMachinesPerTask, Duration machineIdleTimeout)
        implements Serializable {

    /**
     * Far above a fleet that one task scores at a useful rate (the benchmarks' 100,000 machines per
     * task fit), bounded so a flood of random machine ids costs at most ~70 MB of heap and ~16 MB of
     * checkpoint per task (about 290 and 65 bytes per machine with drift monitoring).
     */
    public static final int DEFAULT_MAX_MACHINES_PER_TASK = 250_000;
    /** As the option takes it; {@link #DEFAULT_MACHINE_IDLE_TIMEOUT} is read from it, so the default is stated once. */
    public static final String DEFAULT_MACHINE_IDLE_TIMEOUT_OPTION = "24h";
    /** A day: longer than any drift window and a night's pause; a machine back after a longer pause starts afresh. */
    public static final Duration DEFAULT_MACHINE_IDLE_TIMEOUT =
            TimeUtils.parseDuration(DEFAULT_MACHINE_IDLE_TIMEOUT_OPTION);

    public ScoringSettings {
        Problems problems = new Problems();
        problems.check(
                lowConfidenceThreshold >= 0 && lowConfidenceThreshold <= 1,
                "--low-confidence must be between 0 and 1, was " + lowConfidenceThreshold);
        problems.check(
                regimeChangeReadings >= 1, "--regime-change-readings must be at least 1, was " + regimeChangeReadings);
        problems.check(
                maxMachinesPerTask >= 1, "--max-machines-per-task must be at least 1, was " + maxMachinesPerTask);
        problems.check(
                machineIdleTimeout != null && machineIdleTimeout.toMillis() >= 1_000,
                "--machine-idle-timeout must be at least 1s, was " + machineIdleTimeout);
        problems.throwIfAny();
    }

    public ScoringSettings withRegimeChangeReadings(int readings) {
        return new ScoringSettings(lowConfidenceThreshold, readings, maxMachinesPerTask, machineIdleTimeout);
    }

    public ScoringSettings withMachineLimits(int maxMachines, Duration idleTimeout) {
        return new ScoringSettings(lowConfidenceThreshold, regimeChangeReadings, maxMachines, idleTimeout);
    }
}
