package io.regimestream.benchmarks.e2e;

import io.regimestream.job.LocalFlinkConfiguration;
import io.regimestream.job.RegimeScoringPipeline;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.OutputSettings;
import io.regimestream.job.config.StartingOffsets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The scoring job itself, built by {@link RegimeScoringPipeline} as in production, on a local MiniCluster. */
final class FlinkRuns {

    /** The recommended checkpoint interval (flink-job/conf/config.yaml); exactly-once commits output at each checkpoint. */
    static final Duration CHECKPOINT_INTERVAL =
            LocalFlinkConfiguration.recommended().get(CheckpointingOptions.CHECKPOINTING_INTERVAL);

    private static Path checkpoints;

    private FlinkRuns() {}

    /** A plain MiniCluster (no settings of the job's) with checkpoints to files. */
    static StreamExecutionEnvironment environment(int parallelism) {
        return local(parallelism, new Configuration());
    }

    /**
     * The MiniCluster the job runs on in a benchmark: Flink's configuration as the project
     * recommends it (flink-job/conf/config.yaml, what ships), without restarts (a benchmark that
     * fails should say so, not retry).
     *
     * @param objectReuse        Flink's pipeline.object-reuse: no copy of each record between chained operators
     * @param checkpointInterval zero: checkpointing off
     * @param extra              more MiniCluster settings (e.g. a REST port)
     */
    static StreamExecutionEnvironment environment(
            int parallelism, boolean objectReuse, Duration checkpointInterval, Configuration extra) {
        Configuration conf = LocalFlinkConfiguration.recommended();
        conf.addAll(extra);
        conf.set(PipelineOptions.OBJECT_REUSE, objectReuse);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        if (checkpointInterval.isZero()) {
            conf.removeConfig(CheckpointingOptions.CHECKPOINTING_INTERVAL);
        } else {
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        }
        return local(parallelism, conf);
    }

    private static StreamExecutionEnvironment local(int parallelism, Configuration settings) {
        Configuration conf = new Configuration(settings);
        // Checkpoints to files, as in a cluster (docker-compose sets the same option): without a folder they
        // would go to the JobManager's memory, which refuses a state of more than 5 MB (100,000 machines' tracks).
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                checkpointFolder().toUri().toString());
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    }

    private static synchronized Path checkpointFolder() {
        if (checkpoints == null) {
            try {
                checkpoints = Files.createTempDirectory("regime-bench-checkpoints-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a folder for checkpoints: " + e.getMessage(), e);
            }
        }
        return checkpoints;
    }

    /**
     * The job's configuration for one run: its own topics, the job's defaults for everything the
     * benchmark does not name. The raw-job loop takes the same config.
     *
     * @param output the job's --prediction-format and --probability-digits
     */
    static JobConfig config(
            String bootstrapServers,
            String run,
            String input,
            Path model,
            DeliveryMode delivery,
            InfluxSettings influx,
            Properties extraKafka,
            OutputSettings output) {
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", bootstrapServers);
        kafka.putAll(extraKafka);
        return JobConfig.defaults()
                .withKafka(k -> k.withClientProperties(kafka))
                .withTopics(t -> t.withReadings(input)
                        .withPredictions(Topics.output(run))
                        .withDeadLetters(Topics.deadLetters(run))
                        .withModels(Topics.MODELS)
                        .withModelStatus(Topics.modelStatus(run))
                        .withRegimeChanges(Topics.regimeChanges(run)))
                .withKafka(k -> k.withGroupId("bench-" + run)
                        .withTransactionalIdPrefix("bench-" + run)
                        .withStartingOffsets(StartingOffsets.EARLIEST))
                .withModel(m -> m.withLocation(model.toString()))
                .withKafka(k -> k.withDelivery(delivery))
                .withInflux(influx)
                .withOutput(output);
    }
}
