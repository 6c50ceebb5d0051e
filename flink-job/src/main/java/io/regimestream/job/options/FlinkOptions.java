package io.regimestream.job.options;

import io.regimestream.job.config.FlinkSettings;
import io.regimestream.job.config.Problems;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of {@link FlinkSettings}. */
public class FlinkOptions {

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "DURATION",
            defaultValue = "${env:CHECKPOINT_INTERVAL}",
            description = "Checkpoint every DURATION, e.g. 10s, 500ms, 1min; 0 turns checkpointing off "
                    + "(only with at-least-once) (env CHECKPOINT_INTERVAL; default: ${DEFAULT-VALUE}).")
    String checkpointInterval = "10s";

    @Option(
            names = "--checkpoint-timeout",
            paramLabel = "DURATION",
            defaultValue = "${env:CHECKPOINT_TIMEOUT}",
            description =
                    "A checkpoint not complete within DURATION is declined; an InfluxDB outage delays checkpoints "
                            + "(env CHECKPOINT_TIMEOUT; default: ${DEFAULT-VALUE}).")
    // Half of Flink's 10 min, so that a Kafka transaction (open from one checkpoint until the next
    // completes) stays within its 10 min timeout.
    String checkpointTimeout = "5min";

    @Option(
            names = "--buffer-timeout",
            paramLabel = "DURATION",
            defaultValue = "${env:BUFFER_TIMEOUT}",
            description = "Flink's execution.buffer-timeout: a partly filled network buffer is sent after this long "
                    + "(env BUFFER_TIMEOUT; default: ${DEFAULT-VALUE}).")
    // Only between tasks: the job is one chain.
    String bufferTimeout = "5ms";

    @Option(
            names = "--restart-attempts",
            paramLabel = "N",
            defaultValue = "${env:RESTART_ATTEMPTS}",
            description = "Failures in a row the job recovers from, with back-off 1 s doubling up to 1 min; "
                    + "0 = fail at the first error (env RESTART_ATTEMPTS; default: ${DEFAULT-VALUE}).")
    int restartAttempts = 10;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "${env:PARALLELISM}",
            description =
                    "Parallelism of the job; 0 = the cluster's default (env PARALLELISM; default: ${DEFAULT-VALUE}).")
    int parallelism = 0;

    public FlinkSettings toSettings() {
        Problems problems = new Problems();
        Duration interval = problems.read(() -> Durations.parse("--checkpoint-interval", checkpointInterval));
        Duration timeout = problems.read(() -> Durations.parse("--checkpoint-timeout", checkpointTimeout));
        Duration buffer = problems.read(() -> Durations.parse("--buffer-timeout", bufferTimeout));
        problems.throwIfAny();
        return new FlinkSettings(interval, timeout, buffer, parallelism, restartAttempts);
    }
}
