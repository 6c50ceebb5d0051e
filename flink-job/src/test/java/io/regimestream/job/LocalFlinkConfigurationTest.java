package io.regimestream.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * bin/job's MiniCluster is configured as a Flink distribution is: the project's recommended
 * config.yaml, then its -D settings; the job's own code adds nothing, but for state on disk by
 * default (bin/job and the demo name a folder for checkpoints and savepoints unless told one).
 */
class LocalFlinkConfigurationTest {

    @TempDir
    Path state;

    @Test
    void theRecommendedSettingsAreThoseOfFlinkJobConfConfigYaml() {
        Configuration recommended = LocalFlinkConfiguration.recommended();

        assertThat(LocalFlinkConfiguration.projectConfDir()).endsWith(Path.of("flink-job", "conf"));
        assertThat(recommended.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
        assertThat(recommended.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT)).isEqualTo(Duration.ofMinutes(5));
        assertThat(recommended.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        assertThat(recommended.get(PipelineOptions.OBJECT_REUSE)).isTrue();
        assertThat(recommended.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .as("no checkpoint directory fits every place config.yaml is used")
                .isFalse();
    }

    @Test
    void binJobsDashDSettingsWinOverConfigYamlInTheLocalCluster() {
        LocalJobRunner runner = new LocalJobRunner();
        new CommandLine(runner)
                .parseArgs("-D", "execution.checkpointing.interval=1 s", "-Dpipeline.object-reuse=false", "--help");

        StreamExecutionEnvironment env =
                LocalJobRunner.createEnvironment(0, LocalFlinkConfiguration.load(runner.flinkSettings, state));

        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(1_000);
        assertThat(env.getConfig().isObjectReuseEnabled()).isFalse();
        assertThat(env.getCheckpointConfig().getCheckpointTimeout())
                .as("from config.yaml")
                .isEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(LocalFlinkConfiguration.load(Map.of(), state).get(PipelineOptions.OBJECT_REUSE))
                .as("without -D")
                .isTrue();
    }

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
