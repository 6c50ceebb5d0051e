package io.regimestream.job.testing;

import io.regimestream.job.LocalFlinkConfiguration;
import io.regimestream.localservices.FlinkCluster;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Flink's configuration of the job in tests, set as a user of the job sets it (the job sets none
 * of it itself): the project's recommended settings ({@code flink-job/conf/config.yaml}, what
 * ships), with checkpoints every 500 ms so that exactly-once output shows quickly.
 */
public final class TestFlink {

    private TestFlink() {}

    /** The recommended settings with checkpoints every 500 ms. */
    public static Configuration settings() {
        Configuration conf = LocalFlinkConfiguration.recommended();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, java.time.Duration.ofMillis(500));
        return conf;
    }

    /** {@link #settings()} with {@code extra} on top (a savepoint to restore, other checkpoints, ...). */
    public static Configuration settings(Configuration extra) {
        Configuration conf = settings();
        conf.addAll(extra);
        return conf;
    }

    /** {@link #settings()} without restarts: any failure fails the job, and the test with it. */
    public static Configuration noRestarts() {
        Configuration conf = settings();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return conf;
    }

    /** The environment of the test's MiniCluster with {@code settings}, running {@code parallelism} scoring tasks. */
    public static StreamExecutionEnvironment environment(Configuration settings, int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings);
        env.setParallelism(parallelism);
        return env;
    }

    /**
     * A real test cluster ({@code FlinkCluster}) configured with the project's recommended settings
     * in its {@code conf/config.yaml}, as {@code bin/cluster} configures one.
     */
    public static FlinkCluster.Builder recommended(FlinkCluster.Builder cluster) {
        LocalFlinkConfiguration.recommended().toMap().forEach(cluster::config);
        return cluster;
    }

    /** The environment of the test's MiniCluster with {@link #settings()} and two scoring tasks. */
    public static StreamExecutionEnvironment environment() {
        return environment(settings(), 2);
    }
}
