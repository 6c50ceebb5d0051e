package io.regimestream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.localservices.FlinkRest;
import io.regimestream.localservices.FreePorts;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/job}'s program ({@link LocalJobRunner}) against a real broker, with Flink's
 * configuration as {@code bin/job} gives it (the project's {@code config.yaml}, no checkpoint
 * directory in it): its checkpoints are files in the state folder ({@code local-state/} of the
 * project; here a temporary one), not JobManager memory, and a savepoint without a target goes to
 * the folder's {@code savepoints/}.
 */
class LocalJobRunnerIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path state;

    @Test
    void checkpointsAndSavepointsAreFilesInTheStateFolderWithoutAnyCheckpointSetting() throws Exception {
        int webPort = FreePorts.find();
        LocalJobRunner runner = new LocalJobRunner();
        runner.stateDir = state;
        StringWriter errors = new StringWriter();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> RegimeScoringJob.run(
                new String[] {
                    "--bootstrap-servers",
                    KAFKA.bootstrapServers(),
                    "--no-influxdb",
                    "--create-topics",
                    "--allow-unsigned-models",
                    "--model",
                    TestModels.committed().toString(),
                    "--web-port",
                    String.valueOf(webPort),
                    "-D",
                    "execution.checkpointing.interval=500 ms"
                },
                runner,
                new PrintWriter(errors, true)));
        FlinkRest rest = new FlinkRest("http://localhost:" + webPort);
        String job = await("the job running")
                .atMost(Duration.ofMinutes(2))
                .failFast("bin/job ended: " + errors, exit::isDone)
                .ignoreExceptions()
                .until(rest::runningJobIds, ids -> !ids.isEmpty())
                .get(0);

        Path checkpoints = state.resolve("checkpoints").resolve(job);
        await("a completed checkpoint in " + checkpoints)
                .atMost(Duration.ofMinutes(2))
                .until(() -> !completedCheckpoints(checkpoints).isEmpty());
        assertThat(rest.get("/jobs/" + job + "/checkpoints/config")
                        .body()
                        .path("checkpoint_storage")
                        .asText())
                .isEqualTo("FileSystemCheckpointStorage");

        String savepoint = rest.stopWithSavepoint(job, null, Duration.ofMinutes(2));
        assertThat(Path.of(java.net.URI.create(savepoint)))
                .startsWith(state.resolve("savepoints"))
                .isDirectoryContaining("glob:**/_metadata");
        assertThat(exit.get(2, TimeUnit.MINUTES))
                .as("bin/job's exit code; %s", errors)
                .isZero();
    }

    /** The {@code _metadata} files of completed checkpoints under a job's checkpoint folder. */
    private static List<Path> completedCheckpoints(Path jobFolder) throws IOException {
        if (!Files.isDirectory(jobFolder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(jobFolder, 2)) {
            return files.filter(f -> f.getFileName().toString().equals("_metadata")
                            && f.getParent().getFileName().toString().startsWith("chk-"))
                    .toList();
        }
    }
}
