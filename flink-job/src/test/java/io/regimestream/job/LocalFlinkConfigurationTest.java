package io.regimestream.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * bin/job's MiniCluster is configured as a Flink distribution is: the project's recommended
 * config.yaml, then its -D settings; the job's own code adds nothing.
 */
class LocalFlinkConfigurationTest {

    @Test
    void theRecommendedSettingsAreThoseOfFlinkJobConfConfigYaml() {
        Configuration recommended = LocalFlinkConfiguration.recommended();

        assertThat(LocalFlinkConfiguration.projectConfDir()).endsWith(java.nio.file.Path.of("flink-job", "conf"));
        assertThat(recommended.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
        assertThat(recommended.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT)).isEqualTo(Duration.ofMinutes(5));
        assertThat(recommended.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        assertThat(recommended.get(PipelineOptions.OBJECT_REUSE)).isTrue();
    }

    @Test
    void binJobsDashDSettingsWinOverConfigYamlInTheLocalCluster() {
        LocalJobRunner runner = new LocalJobRunner();
        new CommandLine(runner)
                .parseArgs("-D", "execution.checkpointing.interval=1 s", "-Dpipeline.object-reuse=false", "--help");

        StreamExecutionEnvironment env =
                LocalJobRunner.createEnvironment(0, LocalFlinkConfiguration.load(runner.flinkSettings));

        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(1_000);
        assertThat(env.getConfig().isObjectReuseEnabled()).isFalse();
        assertThat(env.getCheckpointConfig().getCheckpointTimeout())
                .as("from config.yaml")
                .isEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(LocalFlinkConfiguration.load(Map.of()).get(PipelineOptions.OBJECT_REUSE))
                .as("without -D")
                .isTrue();
    }
}
