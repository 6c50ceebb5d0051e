package io.regimestream.benchmarks.outside;

import io.regimestream.localservices.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The job as a user runs it: {@code bin/job} in its own process (a MiniCluster with the web UI on a
 * free port), with the run's topics and options, Kafka outputs only, any event time accepted (the
 * readings are stamped by the loader), and its JVM logging its GCs and safepoints
 * ({@link JvmLog}). The harness reads its REST API and its threads from outside.
 */
final class JobProcess implements AutoCloseable {

    /** How many checkpoints the REST API keeps (Flink's default is 10): all of a run's, for the tail analysis. */
    static final int CHECKPOINT_HISTORY = 2000;

    private final ChildProcess process;
    private final FlinkRest rest;
    private final Path jvmLog;
    private String job;

    private JobProcess(ChildProcess process, FlinkRest rest, Path jvmLog) {
        this.process = process;
        this.rest = rest;
        this.jvmLog = jvmLog;
    }

    /**
     * @param root          the repository (bin/job, model-artifacts)
     * @param extraArgs     more bin/job arguments
     * @param extraJavaOpts more JVM options (e.g. a JFR recording); empty for none
     */
    static JobProcess start(
            Path root,
            String bootstrapServers,
            JobSpec spec,
            RunTopics topics,
            String run,
            Path model,
            Path dir,
            List<String> extraArgs,
            String extraJavaOpts)
            throws IOException {
        int port = FreePorts.find();
        Path jvmLog = dir.resolve(run + "-jvm.log");
        List<String> command = new ArrayList<>(List.of(
                root.resolve("bin/job").toString(),
                "--bootstrap-servers",
                bootstrapServers,
                "--web-port",
                Integer.toString(port),
                "--model",
                model.toAbsolutePath().toString(),
                "--allow-unsigned-models", // nobody announces a model on the benchmark's own control topic
                "--no-influxdb",
                "--max-event-time-skew",
                "none",
                "--delivery",
                spec.delivery().option(),
                "--prediction-format",
                spec.format().option(),
                "--input-topic",
                topics.readings(),
                "--output-topic",
                topics.predictions(),
                "--dlq-topic",
                topics.deadLetters(),
                "--regime-changes-topic",
                topics.regimeChanges(),
                "--model-status-topic",
                topics.modelStatus(),
                "--model-topic",
                RunTopics.MODELS,
                "--drift-topic",
                topics.drift(),
                "--group-id",
                "outside-" + run,
                "--transactional-id-prefix",
                "outside-" + run,
                "--starting-offsets",
                "earliest"));
        if (!spec.drift()) {
            command.addAll(List.of("--drift-window", "0"));
        }
        command.addAll(extraArgs);
        command.addAll(List.of("-D", "parallelism.default=" + spec.parallelism()));
        command.addAll(List.of("-D", "web.checkpoints.history=" + CHECKPOINT_HISTORY));
        // the run's checkpoints in its own folder of the work folder (bin/job's default is the project's local-state/)
        command.addAll(List.of(
                "-D",
                        "execution.checkpointing.dir="
                                + dir.resolve(run + "-checkpoints").toUri(),
                "-D",
                        "execution.checkpointing.savepoint-dir="
                                + dir.resolve(run + "-savepoints").toUri()));
        if (spec.checkpointInterval() != null) {
            command.addAll(List.of(
                    "-D",
                    "execution.checkpointing.interval="
                            + spec.checkpointInterval().toMillis() + "ms"));
        }
        String javaOpts = (JvmLog.options(jvmLog) + " " + extraJavaOpts).strip();
        ChildProcess process = ChildProcess.start(
                "the job (bin/job, " + spec.key() + ")",
                command,
                Map.of("JAVA_OPTS", javaOpts),
                root,
                dir.resolve(run + "-job.log"));
        return new JobProcess(process, new FlinkRest(port), jvmLog);
    }

    /** Waits until the job and all its tasks run; fails with the job's log if it exits or takes longer than {@code timeout}. */
    String awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (job == null) {
            process.requireAlive("the job to run");
            job = rest.runningJob();
            if (job == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the job did not run within " + timeout.toSeconds()
                            + " s; the end of its log:\n" + process.tail(30));
                }
                Thread.sleep(250);
            }
        }
        return job;
    }

    String job() {
        return job;
    }

    FlinkRest rest() {
        return rest;
    }

    long pid() {
        return process.pid();
    }

    Path jvmLog() {
        return jvmLog;
    }

    ChildProcess process() {
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
