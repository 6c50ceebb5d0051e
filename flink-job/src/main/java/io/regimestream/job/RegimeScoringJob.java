package io.regimestream.job;

import io.regimestream.job.config.JobConfig;
import io.regimestream.job.options.JobOptions;
import io.regimestream.model.ModelException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.apache.flink.client.program.ProgramParametrizationException;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The job as submitted to a cluster: {@code flink run flink-job.jar [options]}, or the web UI's
 * jar upload and run. A bad option or model fails here, before submission, with a one-line
 * message saying what to fix.
 *
 * <p>{@code main} never exits the JVM: submitted through the web UI or REST ({@code /jars/<id>/run})
 * it runs inside the JobManager, where {@code System.exit} would take the whole cluster down.
 * It throws Flink's {@link ProgramParametrizationException} instead, whose message alone the
 * {@code flink} CLI prints (exit code 1) and the REST answer carries.
 */
@Command(
        defaultValueProvider = JobOptions.Defaults.class,
        name = "regime-scoring-job",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Scores machine temperature readings from Kafka with the PMML regime model and writes the "
                + "predictions to Kafka and InfluxDB; unscorable records go to the dead-letter topic. Flink's own "
                + "settings (checkpointing, restarts, parallelism, ...) are no options: they come from the cluster's "
                + "configuration or flink run -D/-p (flink-job/conf/config.yaml has the recommended ones).")
public class RegimeScoringJob implements Callable<Integer> {

    public static final String JOB_NAME = "Regime scoring";

    /** Added to the job's name (what the web UI lists) when it accepts unsigned model announcements. */
    public static final String UNSIGNED_MARK = " [UNSIGNED MODELS ACCEPTED]";

    @Mixin
    JobOptions options = new JobOptions();

    /** The job's graph once {@link #call()} checked the options and the model; null after --help / --version. */
    private StreamExecutionEnvironment env;

    private String name;

    public static void main(String[] args) throws Exception {
        RegimeScoringJob job = new RegimeScoringJob();
        StringWriter errors = new StringWriter();
        int exitCode = run(args, job, new PrintWriter(errors, true));
        if (exitCode != 0) {
            throw new ProgramParametrizationException(firstLine(errors.toString()));
        }
        if (job.env != null) {
            // Outside picocli, so a failure of the job itself reaches Flink as it is.
            job.env.execute(job.name);
        }
    }

    /** Checks the options and the model and builds the graph; {@link #main} executes it. */
    @Override
    public Integer call() {
        JobConfig config = options.toConfig();
        StreamExecutionEnvironment graph = StreamExecutionEnvironment.getExecutionEnvironment();
        // The model and Flink's settings are checked first (no broker needed), then the topics.
        RegimeScoringPipeline.build(graph, config, KafkaPipelineIo.of(config));
        TopicSetup.ensureTopics(config);
        env = graph;
        name = jobName(config);
        return 0;
    }

    /** The job's name: {@value #JOB_NAME}, marked {@value #UNSIGNED_MARK} when it accepts unsigned model announcements. */
    public static String jobName(JobConfig config) {
        return JOB_NAME + (config.model().acceptsUnsignedModels() ? UNSIGNED_MARK : "");
    }

    /** The line that says what is wrong, and where to look for the rest. */
    static String firstLine(String errors) {
        String first = errors.strip().lines().findFirst().orElse("error: bad arguments");
        first = first.startsWith("error: ") ? first : "error: " + first;
        return errors.strip().lines().count() > 1 && !first.contains("--help")
                ? first + " (--help lists every option)"
                : first;
    }

    /**
     * Runs a command of this job, turning user errors (bad options, bad model) into one line on
     * stderr and exit code 2 instead of a stack trace.
     */
    static int run(String[] args, Object command) {
        return run(args, command, new PrintWriter(System.err, true));
    }

    static int run(String[] args, Object command, PrintWriter errors) {
        CommandLine cli = new CommandLine(command).setErr(errors);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof ModelException) {
                PrintWriter err = commandLine.getErr();
                err.println("error: " + e.getMessage());
                err.flush();
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
