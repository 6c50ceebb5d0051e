package io.regimestream.job.config;

import java.time.Duration;

/**
 * Flink runtime settings the job applies to its environment.
 *
 * @param checkpointInterval zero means checkpointing is off
 * @param checkpointTimeout  a checkpoint not complete within this time is declined
 * @param bufferTimeout      Flink's {@code execution.buffer-timeout}
 * @param parallelism        zero means the environment's default
 * @param restartAttempts    failures in a row the job recovers from (with exponential back-off) before it gives up
 */
public record FlinkSettings(
        Duration checkpointInterval,
        Duration checkpointTimeout,
        Duration bufferTimeout,
        int parallelism,
        int restartAttempts) {

    public FlinkSettings {
        Problems problems = new Problems();
        if (problems.requireSet("--checkpoint-interval", checkpointInterval)) {
            problems.check(
                    !checkpointInterval.isNegative(),
                    "--checkpoint-interval must not be negative, was " + checkpointInterval);
        }
        if (problems.requireSet("--checkpoint-timeout", checkpointTimeout)) {
            problems.check(
                    Problems.positive(checkpointTimeout),
                    "--checkpoint-timeout must be positive, was " + checkpointTimeout);
        }
        if (problems.requireSet("--buffer-timeout", bufferTimeout)) {
            problems.check(!bufferTimeout.isNegative(), "--buffer-timeout must not be negative, was " + bufferTimeout);
        }
        problems.check(parallelism >= 0, "--parallelism must be positive, was " + parallelism);
        problems.check(restartAttempts >= 0, "--restart-attempts must not be negative, was " + restartAttempts);
        problems.throwIfAny();
    }

    public boolean checkpointing() {
        return !checkpointInterval.isZero();
    }

    public FlinkSettings withCheckpointInterval(Duration interval) {
        return new FlinkSettings(interval, checkpointTimeout, bufferTimeout, parallelism, restartAttempts);
    }

    public FlinkSettings withParallelism(int tasks) {
        return new FlinkSettings(checkpointInterval, checkpointTimeout, bufferTimeout, tasks, restartAttempts);
    }

    public FlinkSettings withRestartAttempts(int attempts) {
        return new FlinkSettings(checkpointInterval, checkpointTimeout, bufferTimeout, parallelism, attempts);
    }

    @Override
    public String toString() {
        return "FlinkSettings[checkpointInterval=" + (checkpointing() ? checkpointInterval : "off")
                + ", checkpointTimeout=" + checkpointTimeout + ", bufferTimeout=" + bufferTimeout + ", parallelism="
                + (parallelism == 0 ? "default" : parallelism) + ", restartAttempts=" + restartAttempts + "]";
    }
}
