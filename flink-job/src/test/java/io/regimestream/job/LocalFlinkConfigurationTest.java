package io.regimestream.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flink's configuration of {@code bin/job} and the demo: the project's settings, and state on disk by default. */
class LocalFlinkConfigurationTest {

    @TempDir
    Path state;

    @Test
    void withoutACheckpointDirectoryCheckpointsAndSavepointsGoToFoldersOfTheStateFolderCreatedAtOnce() {
        Configuration conf = LocalFlinkConfiguration.load(Map.of(), state);

        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo(state.resolve("checkpoints").toUri().toString());
        assertThat(conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY))
                .isEqualTo(state.resolve("savepoints").toUri().toString());
        assertThat(state.resolve("checkpoints")).isDirectory();
        assertThat(state.resolve("savepoints")).isDirectory();
        assertThat(LocalFlinkConfiguration.describeState(conf))
                .contains(state.resolve("checkpoints").toUri().toString())
                .contains(state.resolve("savepoints").toUri().toString());
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .as("the project's settings are still there")
                .isEqualTo(LocalFlinkConfiguration.recommended().get(CheckpointingOptions.CHECKPOINTING_INTERVAL));
    }

    @Test
    void aCheckpointOrSavepointDirectoryGivenWithDashDWins() {
        Configuration conf = LocalFlinkConfiguration.load(
                Map.of(
                        "execution.checkpointing.dir", "file:///elsewhere/checkpoints",
                        "execution.checkpointing.savepoint-dir", "s3://bucket/savepoints"),
                state);

        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("file:///elsewhere/checkpoints");
        assertThat(conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).isEqualTo("s3://bucket/savepoints");
        assertThat(state).isEmptyDirectory();
    }

    @Test
    void binJobsStateFolderIsTheProjectsLocalState() {
        assertThat(LocalFlinkConfiguration.defaultStateDir())
                .isEqualTo(LocalFlinkConfiguration.projectConfDir()
                        .getParent()
                        .getParent()
                        .resolve(LocalFlinkConfiguration.LOCAL_STATE_DIR));
        assertThat(new LocalJobRunner().stateDir).isEqualTo(LocalFlinkConfiguration.defaultStateDir());
    }
}
