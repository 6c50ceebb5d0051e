package io.regimestream.localservices;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/cluster}: a real Flink standalone session cluster on this machine, without Docker, to
 * practise {@code flink run} and the web UI's submit page. The same {@link FlinkCluster} the tests
 * use; the processes outlive this command until {@code bin/cluster stop}.
 */
@Command(
        name = "bin/cluster",
        mixinStandardHelpOptions = true,
        description = "A Flink standalone session cluster on 127.0.0.1 (a JobManager with the web UI and TaskManagers, "
                + "each its own JVM), laid out like a Flink distribution in --home.",
        subcommands = {
            FlinkClusterCommand.Start.class,
            FlinkClusterCommand.Stop.class,
            FlinkClusterCommand.Status.class,
            FlinkClusterCommand.Submit.class,
            FlinkClusterCommand.Flink.class
        })
public final class FlinkClusterCommand {

    /** Options every subcommand shares. */
    static class Home {
        @Option(
                names = "--home",
                paramLabel = "DIR",
                defaultValue = "${env:FLINK_CLUSTER_HOME:-cluster-home}",
                description =
                        "The cluster's folder: lib/, conf/config.yaml, log/, checkpoints (env FLINK_CLUSTER_HOME; "
                                + "default: ${DEFAULT-VALUE}).")
        Path home;
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new FlinkClusterCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return 1;
        });
        System.exit(cli.execute(args));
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = "Starts the JobManager and TaskManagers and waits "
                    + "until they registered; they keep running after this command ends.")
    static final class Start implements Callable<Integer> {
        @CommandLine.Mixin
        Home home = new Home();

        @Option(
                names = "--web-port",
                paramLabel = "PORT",
                defaultValue = "8081",
                description = "Port of the web UI and REST API on localhost (default: ${DEFAULT-VALUE}).")
        int webPort;

        @Option(
                names = "--task-managers",
                paramLabel = "N",
                defaultValue = "1",
                description = "Default: ${DEFAULT-VALUE}.")
        int taskManagers;

        @Option(
                names = "--slots",
                paramLabel = "N",
                defaultValue = "2",
                description = "Task slots per TaskManager " + "(default: ${DEFAULT-VALUE}).")
        int slots;

        @Option(
                names = "--lib-jar",
                paramLabel = "FILE",
                description = "A jar to put into the cluster's lib/ too, e.g. "
                        + "flink-sql-pmml/target/flink-sql-pmml.jar (repeatable).")
        List<Path> libJars = new ArrayList<>();

        @Override
        public Integer call() {
            if (Files.exists(home.home.resolve("pids"))) {
                System.err.println("a cluster of " + home.home + " may still run: `bin/cluster stop` first");
                return 1;
            }
            FlinkCluster.Builder builder = FlinkCluster.builder()
                    .home(home.home.toAbsolutePath())
                    .restPort(webPort)
                    .taskManagers(taskManagers)
                    .slotsPerTaskManager(slots);
            libJars.forEach(builder::libJar);
            FlinkCluster cluster = builder.build().start();
            System.out.printf(
                    "Flink cluster running: web UI http://localhost:%d (Submit New Job to upload flink-job.jar)%n"
                            + "  %d TaskManager(s) x %d slots; logs in %s; conf in %s%n"
                            + "  submit: bin/cluster submit -- --bootstrap-servers 127.0.0.1:9092 ...   stop: bin/cluster stop%n",
                    webPort, taskManagers, slots, cluster.logDir(), cluster.confDir());
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops the processes `start` started.")
    static final class Stop implements Callable<Integer> {
        @CommandLine.Mixin
        Home home = new Home();

        @Override
        public Integer call() {
            int stopped = FlinkCluster.existing(home.home.toAbsolutePath()).stopStartedProcesses();
            System.out.println(
                    stopped == 0 ? "no cluster process was running" : "stopped " + stopped + " Flink process(es)");
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Task managers, slots and jobs, from the REST API.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin
        Home home = new Home();

        @Override
        public Integer call() {
            FlinkCluster cluster = FlinkCluster.existing(home.home.toAbsolutePath());
            try {
                JsonNode overview = cluster.rest().overview();
                System.out.printf(
                        "Flink %s at %s: %d TaskManager(s), %d/%d slots free, jobs running %d, finished %d, "
                                + "cancelled %d, failed %d%n",
                        overview.path("flink-version").asText(),
                        cluster.webUrl(),
                        overview.path("taskmanagers").asInt(),
                        overview.path("slots-available").asInt(),
                        overview.path("slots-total").asInt(),
                        overview.path("jobs-running").asInt(),
                        overview.path("jobs-finished").asInt(),
                        overview.path("jobs-cancelled").asInt(),
                        overview.path("jobs-failed").asInt());
                return 0;
            } catch (RuntimeException e) {
                System.out.println(
                        "no cluster answers at " + cluster.webUrl() + " (" + e.getMessage() + "): bin/cluster start");
                return 3;
            }
        }
    }

    @Command(
            name = "submit",
            mixinStandardHelpOptions = true,
            description = "`flink run -d` of the job jar with the job's "
                    + "options (after --), e.g. bin/cluster submit -- --bootstrap-servers 127.0.0.1:9092 --no-influxdb")
    static final class Submit implements Callable<Integer> {
        @CommandLine.Mixin
        Home home = new Home();

        @Option(
                names = "--jar",
                paramLabel = "FILE",
                defaultValue = "flink-job/target/flink-job.jar",
                description = "Default: ${DEFAULT-VALUE}.")
        Path jar;

        @Option(names = "--parallelism", paramLabel = "N", description = "flink run -p.")
        Integer parallelism;

        @Parameters(paramLabel = "JOB_OPTION", description = "The job's options (bin/job --help lists them).")
        List<String> jobOptions = new ArrayList<>();

        @Override
        public Integer call() {
            List<String> args = new ArrayList<>(List.of("run", "-d"));
            if (parallelism != null) {
                args.addAll(List.of("-p", parallelism.toString()));
            }
            args.add(jar.toAbsolutePath().toString());
            args.addAll(jobOptions);
            // A relative --model would be resolved in each TaskManager's folder: give the committed model's absolute
            // path.
            if (!jobOptions.contains("--model") && System.getenv("MODEL") == null) {
                args.addAll(List.of(
                        "--model",
                        Path.of("model-artifacts", "model.pmml")
                                .toAbsolutePath()
                                .toString()));
            }
            return runFlink(home, args);
        }
    }

    @Command(
            name = "flink",
            mixinStandardHelpOptions = true,
            description = "Any `flink` command against the cluster "
                    + "(after --), e.g. bin/cluster flink -- list, or -- stop --savepointPath /tmp/sp JOB_ID")
    static final class Flink implements Callable<Integer> {
        @CommandLine.Mixin
        Home home = new Home();

        @Parameters(paramLabel = "ARG")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return runFlink(home, args);
        }
    }

    private static int runFlink(Home home, List<String> args) {
        FlinkCluster.CliResult result =
                FlinkCluster.existing(home.home.toAbsolutePath()).flink(args.toArray(String[]::new));
        System.out.print(result.output());
        return result.exitCode();
    }
}
