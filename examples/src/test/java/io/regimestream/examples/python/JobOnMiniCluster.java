package io.regimestream.examples.python;

import static org.awaitility.Awaitility.await;

import io.regimestream.job.LocalFlinkConfiguration;
import io.regimestream.job.RegimeScoringJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.StreamContextEnvironment;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.test.util.MiniClusterPipelineExecutorServiceLoader;

/**
 * The scoring job started from its command line, as {@code flink run flink-job.jar ARGS} starts it
 * ({@link RegimeScoringJob#main}, on a thread of its own since it runs until cancelled, in Flink's
 * client environment with the cluster's configuration: the project's recommended settings,
 * checkpoints every 2 s, parallelism 2), on a Flink MiniCluster of one TaskManager with two slots
 * that a test can kill and replace.
 */
final class JobOnMiniCluster implements AutoCloseable {

    /** The committed model, as bin/job uses it. */
    static final Path MODEL =
            Path.of("..", "model-artifacts", "model.pmml").toAbsolutePath().normalize();

    private final MiniCluster flink;
    private Thread main;
    private volatile Throwable ended;

    private JobOnMiniCluster(MiniCluster flink) {
        this.flink = flink;
    }

    static JobOnMiniCluster start() throws Exception {
        Configuration cluster = new Configuration();
        cluster.set(RestOptions.PORT, 0); // a free port: 8081 may be another Flink's (bin/demo, bin/cluster)
        cluster.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        MiniCluster flink = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .setConfiguration(cluster)
                .build());
        flink.start();
        Configuration settings = LocalFlinkConfiguration.recommended();
        settings.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(2));
        settings.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        // As flink run does: main's environment is a client one with the cluster's configuration.
        StreamContextEnvironment.setAsContext(
                new MiniClusterPipelineExecutorServiceLoader(flink),
                MiniClusterPipelineExecutorServiceLoader.updateConfigurationForMiniCluster(
                        settings, List.of(), List.of()),
                JobOnMiniCluster.class.getClassLoader(),
                false,
                true);
        return new JobOnMiniCluster(flink);
    }

    /**
     * Runs the job with these options and returns once it is running (its topics exist by then). The
     * examples announce no models: the job runs with {@code --allow-unsigned-models}.
     */
    void run(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = "--allow-unsigned-models";
        main = new Thread(
                () -> {
                    try {
                        RegimeScoringJob.main(all);
                    } catch (Throwable t) {
                        ended = t; // a cancelled job ends here too
                    }
                },
                "regime-scoring-job main");
        main.start();
        await("the job running")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .failFast("the job's main ended", () -> !main.isAlive())
                .until(() -> !jobs(JobStatus.RUNNING).isEmpty());
    }

    /** Kills the TaskManager running the job and starts a new one: the job restarts from its last checkpoint. */
    void killTaskManager() throws Exception {
        flink.terminateTaskManager(0).get();
        flink.startTaskManager();
    }

    /** How the job's main ended, for failure messages. */
    String ending() {
        return ended == null ? "still running" : ended.toString();
    }

    private List<JobStatusMessage> jobs(JobStatus status) throws Exception {
        List<JobStatusMessage> jobs = new ArrayList<>();
        for (JobStatusMessage job : flink.listJobs().get()) {
            if (job.getJobState() == status) {
                jobs.add(job);
            }
        }
        return jobs;
    }

    @Override
    public void close() throws Exception {
        try {
            for (JobStatusMessage job : flink.listJobs().get()) {
                if (!job.getJobState().isGloballyTerminalState()) {
                    flink.cancelJob(job.getJobId()).get();
                }
            }
            if (main != null) {
                main.join(Duration.ofMinutes(1).toMillis());
            }
        } finally {
            StreamContextEnvironment.unsetAsContext();
            flink.close();
        }
    }
}
