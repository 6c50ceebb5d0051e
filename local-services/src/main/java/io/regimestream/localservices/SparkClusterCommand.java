package io.regimestream.localservices;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/spark-cluster}: a real Spark standalone cluster on this machine, without a Spark
 * installation, to try the training's {@code spark-submit} line. The same
 * {@link SparkStandaloneCluster} the tests use; the Master and Worker outlive this command until
 * {@code bin/spark-cluster stop}.
 */
@Command(
        name = "bin/spark-cluster",
        mixinStandardHelpOptions = true,
        description = "A Spark standalone cluster on 127.0.0.1 (a Master with its web UI and a Worker, each its own "
                + "JVM, from Spark's Maven Central jars), laid out like a Spark distribution in --home.",
        subcommands = {
            SparkClusterCommand.Start.class,
            SparkClusterCommand.Stop.class,
            SparkClusterCommand.Status.class,
            SparkClusterCommand.SparkSubmit.class
        })
public final class SparkClusterCommand {

    /** Options every subcommand shares. */
    static class Home {
        @Option(
                names = "--home",
                paramLabel = "DIR",
                defaultValue = "${env:SPARK_CLUSTER_HOME:-spark-cluster-home}",
                description = "The cluster's folder: jars/, conf/spark-env.sh, logs/, work/ (env SPARK_CLUSTER_HOME; "
                        + "default: ${DEFAULT-VALUE}).")
        Path home;

        SparkStandaloneCluster existing() {
            return SparkStandaloneCluster.existing(home.toAbsolutePath());
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: an exception becomes one line, {@code error: ...}, and exit 1. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SparkClusterCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return 1;
        });
        return cli;
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = "Starts the Master and the Worker and waits until the Worker registered; "
                    + "they keep running after this command ends.")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        Home home = new Home();

        @Option(
                names = "--master-port",
                paramLabel = "PORT",
                defaultValue = "7077",
                description = "The Master's port, spark://127.0.0.1:PORT (default: ${DEFAULT-VALUE}).")
        int masterPort;

        @Option(
                names = "--web-port",
                paramLabel = "PORT",
                defaultValue = "8080",
                description = "The Master's web UI on localhost (default: ${DEFAULT-VALUE}).")
        int webPort;

        @Option(
                names = "--worker-web-port",
                paramLabel = "PORT",
                defaultValue = "8082",
                description = "The Worker's web UI (default: ${DEFAULT-VALUE}; Spark's own 8081 is Flink's web UI, "
                        + "bin/cluster).")
        int workerWebPort;

        @Option(
                names = "--worker-cores",
                paramLabel = "N",
                defaultValue = "1",
                description = "Cores the Worker offers to executors (default: ${DEFAULT-VALUE}).")
        int workerCores;

        @Option(
                names = "--worker-memory",
                paramLabel = "SIZE",
                defaultValue = "1g",
                description = "Memory the Worker offers to executors (default: ${DEFAULT-VALUE}, one executor of "
                        + "Spark's default spark.executor.memory).")
        String workerMemory;

        @Override
        public Integer call() {
            if (Files.exists(home.home.resolve("pids"))) {
                spec.commandLine()
                        .getErr()
                        .println("a cluster of " + home.home + " may still run: " + "`bin/spark-cluster stop` first");
                return 1;
            }
            SparkStandaloneCluster cluster = SparkStandaloneCluster.builder()
                    .home(home.home.toAbsolutePath())
                    .masterPort(masterPort)
                    .masterWebPort(webPort)
                    .workerWebPort(workerWebPort)
                    .workerCores(workerCores)
                    .workerMemory(workerMemory)
                    .build()
                    .start();
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Spark standalone cluster running: master %s, web UI http://localhost:%d%n"
                                    + "  one Worker with %d core(s) and %s for executors; logs in %s, executors' in %s%n"
                                    + "  submit: bin/spark-cluster spark-submit -- --master %s --deploy-mode client "
                                    + "--class ... APP.jar ...   stop: bin/spark-cluster stop%n",
                            cluster.masterUrl(),
                            webPort,
                            workerCores,
                            workerMemory,
                            cluster.logDir(),
                            cluster.workDir(),
                            cluster.masterUrl());
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops the processes `start` started.")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        Home home = new Home();

        @Override
        public Integer call() {
            int stopped = home.existing().stopStartedProcesses();
            spec.commandLine()
                    .getOut()
                    .println(
                            stopped == 0
                                    ? "no cluster process was running"
                                    : "stopped " + stopped + " Spark process(es)");
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Workers, cores and applications, from the Master's /json.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        Home home = new Home();

        @Override
        public Integer call() {
            SparkStandaloneCluster cluster = home.existing();
            PrintWriter out = spec.commandLine().getOut();
            try {
                JsonNode master = cluster.masterState();
                out.printf(
                        "Spark master %s (%s): %d worker(s) alive, %d/%d cores in use, applications running %d, "
                                + "completed %d%n",
                        cluster.masterUrl(),
                        master.path("status").asText(),
                        master.path("aliveworkers").asInt(),
                        master.path("coresused").asInt(),
                        master.path("cores").asInt(),
                        master.path("activeapps").size(),
                        master.path("completedapps").size());
                for (JsonNode app : master.path("completedapps")) {
                    out.printf(
                            "  %s %s: %s%n",
                            app.path("id").asText(),
                            app.path("name").asText(),
                            app.path("state").asText());
                }
                return 0;
            } catch (RuntimeException e) {
                out.println("no cluster answers at " + cluster.masterWebUrl() + " (" + e.getMessage()
                        + "): bin/spark-cluster start");
                return 3;
            }
        }
    }

    @Command(
            name = "spark-submit",
            mixinStandardHelpOptions = true,
            description = "`spark-submit` with the arguments after --, as a Spark distribution's bin/spark-submit "
                    + "runs it (e.g. the training's line in training/README.md)")
    static final class SparkSubmit implements Callable<Integer> {
        @CommandLine.Mixin
        Home home = new Home();

        @Parameters(paramLabel = "ARG", description = "spark-submit's options, the application jar and its options.")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return home.existing().sparkSubmitToConsole(args.toArray(String[]::new));
        }
    }
}
