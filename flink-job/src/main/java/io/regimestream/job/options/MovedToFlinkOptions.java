package io.regimestream.job.options;

import io.regimestream.job.config.Problems;
import picocli.CommandLine.Option;

/**
 * Options of earlier versions that set Flink's own settings in code, which overrode the cluster's
 * configuration (and made a cluster with {@code execution.program-config.enabled: false} refuse
 * the job). They are Flink's settings now; given on the command line, or by their environment
 * variable, each fails the start with the Flink key to set instead, so an old deployment does not
 * silently run with other settings than it asks for. Hidden from {@code --help}.
 */
public class MovedToFlinkOptions {

    private static final String WHERE = " (flink run -D%s=%s, bin/job -D %s=%s, config.yaml, FLINK_PROPERTIES or the "
            + "FlinkDeployment's flinkConfiguration)";

    @Option(names = "--checkpoint-interval", hidden = true, defaultValue = "${env:CHECKPOINT_INTERVAL}")
    String checkpointInterval;

    @Option(names = "--checkpoint-timeout", hidden = true, defaultValue = "${env:CHECKPOINT_TIMEOUT}")
    String checkpointTimeout;

    @Option(names = "--buffer-timeout", hidden = true, defaultValue = "${env:BUFFER_TIMEOUT}")
    String bufferTimeout;

    @Option(names = "--restart-attempts", hidden = true, defaultValue = "${env:RESTART_ATTEMPTS}")
    String restartAttempts;

    @Option(names = "--parallelism", hidden = true, defaultValue = "${env:PARALLELISM}")
    String parallelism;

    /** Notes each of these options that was given, with the Flink setting that replaces it. */
    void check(Problems problems) {
        moved(
                problems,
                "--checkpoint-interval",
                "CHECKPOINT_INTERVAL",
                checkpointInterval,
                "execution.checkpointing.interval");
        moved(
                problems,
                "--checkpoint-timeout",
                "CHECKPOINT_TIMEOUT",
                checkpointTimeout,
                "execution.checkpointing.timeout");
        moved(problems, "--buffer-timeout", "BUFFER_TIMEOUT", bufferTimeout, "execution.buffer-timeout.interval");
        moved(
                problems,
                "--restart-attempts",
                "RESTART_ATTEMPTS",
                restartAttempts,
                "restart-strategy.exponential-delay.attempts-before-reset-backoff");
        problems.check(
                blank(parallelism),
                "--parallelism (or PARALLELISM) is Flink's own setting now: give flink run -p " + parallelism
                        + ", or set parallelism.default (bin/job -D parallelism.default=" + parallelism
                        + ", config.yaml, FLINK_PROPERTIES) or the FlinkDeployment's job.parallelism");
    }

    private static void moved(Problems problems, String option, String variable, String value, String key) {
        problems.check(
                blank(value),
                option + " (or " + variable + ") is Flink's own setting now: set " + key
                        + String.format(WHERE, key, value, key, value));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
