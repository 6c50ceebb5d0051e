package io.regimestream.job;

import io.regimestream.job.config.JobConfig;
import io.regimestream.job.options.JobOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/job}: the same job in a local MiniCluster with Flink's web UI, until Ctrl-C. The
 * MiniCluster is configured as a Flink distribution is ({@link LocalFlinkConfiguration}:
 * {@code config.yaml} of {@code FLINK_CONF_DIR}, by default the project's recommended settings,
 * and {@code -D KEY=VALUE}), with checkpoints and savepoints on disk in the project's
 * {@code local-state/} unless that configuration names other places. Needs Flink's modules (provided in the job jar) and
 * flink-runtime-web on the classpath.
 */
@Command(
        defaultValueProvider = JobOptions.Defaults.class,
        name = "bin/job",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Runs the regime scoring job locally (Flink MiniCluster with the web UI) against the given "
                + "Kafka and InfluxDB, until Ctrl-C. Flink's settings (checkpointing, restarts, parallelism, ...) "
                + "come from config.yaml in FLINK_CONF_DIR (by default flink-job/conf, the project's recommended "
                + "settings) and -D, as for a Flink cluster; without a parallelism.default there, one task per two "
                + "cores (each task keeps about two cores' worth of threads busy with a local broker). Checkpoints and "
                + "savepoints go to local-state/checkpoints and local-state/savepoints of the project unless "
                + "-D execution.checkpointing.dir=... and -D execution.checkpointing.savepoint-dir=... (or config.yaml) "
                + "say otherwise.")
public class LocalJobRunner implements Callable<Integer> {

    public static final int DEFAULT_WEB_PORT = 8081;

    @Mixin
    JobOptions options = new JobOptions();

    @Option(
            names = "--web-port",
            paramLabel = "PORT",
            defaultValue = "${env:FLINK_WEB_PORT:-" + DEFAULT_WEB_PORT + "}",
            description = "Port of the Flink web UI on localhost (env FLINK_WEB_PORT; default: ${DEFAULT-VALUE}).")
    int webPort;

    @Option(
            names = "-D",
            paramLabel = "KEY=VALUE",
            description = "A Flink setting for the local cluster, as flink run -D takes it, e.g. "
                    + "-D execution.checkpointing.interval=1s or -D parallelism.default=2; repeatable; wins over "
                    + "config.yaml.")
    Map<String, String> flinkSettings = new LinkedHashMap<>();

    /** Where checkpoints and savepoints go unless Flink's configuration says: the project's local-state/. */
    Path stateDir = LocalFlinkConfiguration.defaultStateDir();

    public static void main(String[] args) {
        System.exit(RegimeScoringJob.run(args, new LocalJobRunner()));
    }

    @Override
    public Integer call() throws Exception {
        JobConfig config = options.toConfig();
        requirePortFree(webPort);
        Configuration flink = LocalFlinkConfiguration.load(flinkSettings, stateDir);
        StreamExecutionEnvironment env = createEnvironment(webPort, flink);
        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.of(config));
        TopicSetup.ensureTopics(config);
        System.err.printf(
                "Flink web UI: http://localhost:%d (the job: http://localhost:%d/#/job/running); Ctrl-C stops.%n"
                        + "Flink state: %s.%n",
                webPort, webPort, LocalFlinkConfiguration.describeState(flink));
        env.execute(RegimeScoringJob.jobName(config));
        return 0;
    }

    /**
     * A local environment with Flink's configuration {@code flink} and the web UI on
     * {@code webPort} (localhost only), as {@code bin/job} and the demo use it. Without a
     * {@code parallelism.default} in {@code flink}, one task per two cores ({@link LocalParallelism}).
     */
    public static StreamExecutionEnvironment createEnvironment(int webPort, Configuration flink) {
        Configuration conf = new Configuration(flink);
        if (!conf.contains(CoreOptions.DEFAULT_PARALLELISM)) {
            conf.set(CoreOptions.DEFAULT_PARALLELISM, LocalParallelism.here());
        }
        conf.set(RestOptions.PORT, webPort);
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "localhost");
        return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    }

    private static void requirePortFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "port " + port + " for the Flink web UI is in use (another bin/job or Flink?): "
                            + "stop it or pass --web-port PORT");
        }
    }
}
