package io.regimestream.localservices;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            description = {
                "Starts the JobManager and TaskManagers and waits until they registered; they keep running after "
                        + "this command ends.",
                "The first start writes conf/config.yaml: the cluster's own settings and the project's recommended "
                        + "ones for the job (flink-job/conf/config.yaml). It is yours from then on: later starts keep it, "
                        + "edits and comments included, and change only what --web-port and --slots name. plugins/ holds "
                        + "Flink's Prometheus metrics reporter (conf/config.yaml says how to turn it on)."
            })
    static final class Start implements Callable<Integer> {
        static final int DEFAULT_WEB_PORT = 8081;

        @CommandLine.Mixin
        Home home = new Home();

        @Option(
                names = "--web-port",
                paramLabel = "PORT",
                description = "Port of the web UI and REST API on localhost (rest.port in conf/config.yaml; "
                        + "a new home: " + DEFAULT_WEB_PORT + ").")
        Integer webPort;

        @Option(
                names = "--task-managers",
                paramLabel = "N",
                defaultValue = "1",
                description = "Default: ${DEFAULT-VALUE}.")
        int taskManagers;

        @Option(
                names = "--slots",
                paramLabel = "N",
                description = "Task slots per TaskManager (taskmanager.numberOfTaskSlots in conf/config.yaml; "
                        + "a new home: 2).")
        Integer slots;

        @Option(
                names = "-D",
                paramLabel = "KEY=VALUE",
                description = "A Flink setting for this start only, given to every JobManager and TaskManager as "
                        + "Flink's scripts do (jobmanager.sh start -D ...); it wins over conf/config.yaml and is not "
                        + "written there (repeatable), e.g. -D execution.checkpointing.interval=30s.")
        Map<String, String> dynamicProperties = new LinkedHashMap<>();

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
            Path config = home.home.resolve("conf").resolve("config.yaml");
            boolean kept = Files.exists(config);
            FlinkCluster.Builder builder =
                    FlinkCluster.builder().home(home.home.toAbsolutePath()).taskManagers(taskManagers);
            if (webPort != null || !kept) {
                builder.restPort(webPort != null ? webPort : DEFAULT_WEB_PORT);
            }
            if (slots != null) {
                builder.slotsPerTaskManager(slots);
            }
            if (!kept) {
                builder.recommendedSettings(recommendedSettings());
            }
            dynamicProperties.forEach(builder::dynamicProperty);
            libJars.forEach(builder::libJar);
            FlinkCluster cluster = builder.build().start();
            System.out.printf(
                    "Flink cluster running: web UI http://localhost:%d (Submit New Job to upload flink-job.jar)%n"
                            + "  %d TaskManager(s); logs in %s%n"
                            + "  conf/config.yaml %s%s%n"
                            + "  submit: bin/cluster submit -- --bootstrap-servers 127.0.0.1:9092 ...   stop: bin/cluster stop%n",
                    cluster.restPort(),
                    taskManagers,
                    cluster.logDir(),
                    kept ? "kept as you left it: " : "written: ",
                    config.toAbsolutePath(),
                    dynamicProperties.isEmpty() ? "" : "; for this start only: -D " + dynamicProperties);
            cluster.prometheusReporterPorts()
                    .ifPresent(ports -> System.out.printf(
                            "  Prometheus metrics reporter: ports %s, on every network interface (Flink 2.2's reporter "
                                    + "has no bind address; a firewall keeps them local)%n",
                            ports));
            return 0;
        }
    }

    /** The project's recommended Flink settings for the job, the one file every deployment takes them from. */
    static final String RECOMMENDED_SETTINGS_FOLDER = "flink-job/conf";

    private static Path recommendedSettings() {
        return BuildFolders.findUpwards(RECOMMENDED_SETTINGS_FOLDER)
                .map(folder -> folder.resolve("config.yaml"))
                .orElseThrow(() -> new IllegalStateException("no " + RECOMMENDED_SETTINGS_FOLDER + "/config.yaml (the "
                        + "project's recommended Flink settings) in "
                        + Path.of("").toAbsolutePath() + " or above"));
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

    /**
     * Runs the flink command line and passes on what it prints as it comes. It waits as {@code flink}
     * does (an attached run: until the job ends); if this command is interrupted (Ctrl-C) first, the
     * job of an attached run is cancelled rather than left running without its client, and the last
     * line says what is left.
     */
    private static int runFlink(Home home, List<String> args) {
        FlinkCliRun run = FlinkCluster.existing(home.home.toAbsolutePath())
                .startFlink(System.out::println, args.toArray(String[]::new));
        Thread onInterrupt = new Thread(
                () -> run.stop().ifPresent(what -> System.err.println("bin/cluster: " + what)), "flink-cli-stop");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        int exitCode = run.awaitExit();
        try {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException shuttingDown) {
            // interrupted as the client ended: the hook runs and says what is left
        }
        return exitCode;
    }
}
