package io.regimestream.job;

import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.JobOptions;
import io.regimestream.job.model.ModelException;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The job as submitted to a cluster: {@code flink run flink-job.jar [options]}. A bad option or
 * model fails here, before submission, with a one-line message saying what to fix.
 */
@Command(name = "regime-scoring-job", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Scores machine temperature readings from Kafka with the PMML regime model and writes the "
                + "predictions to Kafka and InfluxDB; unscorable records go to the dead-letter topic.")
public class RegimeScoringJob implements Callable<Integer> {

    public static final String JOB_NAME = "Regime scoring";

    @Mixin
    JobOptions options = new JobOptions();

    public static void main(String[] args) {
        int exitCode = run(args, new RegimeScoringJob());
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    @Override
    public Integer call() throws Exception {
        JobConfig config = options.toConfig();
        TopicSetup.ensureTopics(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        RegimeScoringPipeline.build(env, config);
        env.execute(JOB_NAME);
        return 0;
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
