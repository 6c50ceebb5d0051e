package io.regimestream.benchmarks.e2e;

import io.regimestream.job.RegimeScoringPipeline;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.StartingOffsets;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/** The scoring job itself, built by {@link RegimeScoringPipeline} as in production, on a local MiniCluster. */
final class FlinkRuns {

    /** Exactly-once commits output at each checkpoint; the job's default is 10 s. */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    private FlinkRuns() {
    }

    static StreamExecutionEnvironment environment(int parallelism) {
        return environment(parallelism, false);
    }

    /** @param objectReuse Flink's pipeline.object-reuse: no copy of each record between chained operators */
    static StreamExecutionEnvironment environment(int parallelism, boolean objectReuse) {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        conf.set(PipelineOptions.OBJECT_REUSE, objectReuse);
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    }

    static JobConfig config(String bootstrapServers, String mode, String input, Path model, DeliveryMode delivery,
                            InfluxSettings influx, int parallelism, boolean bounded, Properties extraKafka) {
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", bootstrapServers);
        kafka.putAll(extraKafka);
        return JobConfig.builder()
                .kafka(kafka)
                .topics(input, Topics.output(mode), Topics.deadLetters(mode))
                .groupId("bench-" + mode)
                .transactionalIdPrefix("bench-" + mode)
                .startingOffsets(StartingOffsets.EARLIEST)
                .bounded(bounded)
                .model(model.toString())
                .delivery(delivery)
                .checkpointInterval(CHECKPOINT_INTERVAL)
                .influx(influx)
                .parallelism(parallelism)
                .restartAttempts(0) // a benchmark that fails should say so, not retry
                .build();
    }
}
