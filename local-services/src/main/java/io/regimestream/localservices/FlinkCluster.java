package io.regimestream.localservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Flink standalone session cluster on 127.0.0.1, each part in its own JVM as Flink's
 * scripts start them: a JobManager ({@code StandaloneSessionClusterEntrypoint}, web UI and REST on
 * a free port) and N TaskManagers ({@code TaskManagerRunner}), with memory flags from Flink's own
 * {@code BashJavaUtils}. Its home is laid out like a binary distribution: {@code lib/} (the jars
 * of the {@code flink-dist} module, see {@link FlinkDistribution}, plus any {@link Builder#libJar}),
 * {@code plugins/} (the distribution's plugin folders, e.g. the Prometheus metrics reporter),
 * {@code conf/config.yaml}, {@code log/}. Jobs are submitted with {@link #flinkRun} ({@code flink
 * run}, i.e. CliFrontend) or through {@link #rest()} (the web UI's jar upload and run).
 *
 * <p>As in a distribution, {@code conf/} belongs to the user once written: a home used again keeps
 * its config.yaml (only the keys given to {@link Builder#config} change) and its log4j files, and
 * {@link Builder#dynamicProperty} settings apply to one start, as {@code jobmanager.sh start -D}.
 *
 * <pre>{@code
 * try (FlinkCluster flink = FlinkCluster.builder().taskManagers(2).build().start()) {
 *     flink.flinkRun("-d", "flink-job.jar", "--bootstrap-servers", kafka);
 * }
 * }</pre>
 */
public final class FlinkCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkCluster.class);

    /** What flink-dist's default config.yaml puts in {@code env.java.opts.all} for Java 17. */
    static final List<String> JAVA_17_OPTS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /** Flink's Prometheus metrics reporter, in the distribution's plugins/metrics-prometheus. */
    public static final String PROMETHEUS_REPORTER_FACTORY =
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

    private static final Pattern CLASS_LOADING_ERROR =
            Pattern.compile("ClassNotFound|NoClassDefFound|LinkageError|ClassCastException");
    private static final String BASH_JAVA_UTILS_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final String CONFIG_HEADER = """
            # Flink's configuration of this cluster, written by FlinkCluster (local-services: bin/cluster,
            # the tests) when the home was new. It is yours now: later starts keep it and change only the
            # keys given on their command line (bin/cluster start --web-port, --slots); -D key=value
            # settings apply to one start and are not written here.
            #
            # Flink's Prometheus metrics reporter is in plugins/metrics-prometheus. To turn it on, add:
            #   metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory
            #   metrics.reporter.prom.port: 9249-9259
            # (one port per JobManager/TaskManager process; Flink 2.2's reporter listens on every network
            # interface, it has no bind address)
            """;

    private final Path home;
    private final Path sourceLib;
    private final List<Path> extraLibJars;
    private final boolean deleteOnClose;
    private final int restPort;
    private final int taskManagerCount;
    private final Map<String, String> configUpdates;
    private final Path recommendedSettings;
    private final Map<String, String> dynamicProperties;
    private final FlinkRest rest;
    private Process jobManager;
    private final List<Process> taskManagers = new ArrayList<>();
    private final Map<Process, String> taskManagerIds = new java.util.HashMap<>();
    private final java.util.Set<Process> killed = new java.util.HashSet<>();
    private int processesStarted;

    private FlinkCluster(Builder b) {
        this.taskManagerCount = b.taskManagers;
        this.sourceLib = b.lib;
        this.extraLibJars = List.copyOf(b.libJars);
        try {
            this.home = b.home != null ? Files.createDirectories(b.home) : Files.createTempDirectory("flink-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cluster's home folder", e);
        }
        this.deleteOnClose = b.home == null;
        this.recommendedSettings = b.recommendedSettings;
        Map<String, String> updates = new LinkedHashMap<>(b.config);
        if (b.restPort != 0) {
            updates.put("rest.port", String.valueOf(b.restPort));
        }
        if (b.slotsPerTaskManager != null) {
            updates.put("taskmanager.numberOfTaskSlots", String.valueOf(b.slotsPerTaskManager));
        }
        if (b.zooKeeperQuorum != null) {
            updates.put("high-availability.type", "zookeeper");
            updates.put("high-availability.zookeeper.quorum", b.zooKeeperQuorum);
            updates.put(
                    "high-availability.storageDir", home.resolve("ha").toUri().toString());
        }
        Optional<FlinkConfigFile> kept = existingConfig();
        if (kept.flatMap(c -> c.get("rest.port")).isEmpty() && !updates.containsKey("rest.port")) {
            updates.put("rest.port", String.valueOf(FreePorts.find()));
        }
        this.configUpdates = java.util.Collections.unmodifiableMap(updates);
        this.restPort = Integer.parseInt(
                updates.containsKey("rest.port")
                        ? updates.get("rest.port")
                        : kept.flatMap(c -> c.get("rest.port")).orElseThrow());
        Map<String, String> dynamic = new LinkedHashMap<>();
        // The JobManager's RPC port is taken afresh at each start (a kept port may be in use by now),
        // unless the user's config.yaml or a -D names one.
        if (kept.flatMap(c -> c.get("jobmanager.rpc.port")).isEmpty()
                && !updates.containsKey("jobmanager.rpc.port")
                && !b.dynamicProperties.containsKey("jobmanager.rpc.port")) {
            dynamic.put("jobmanager.rpc.port", String.valueOf(FreePorts.find()));
        }
        dynamic.putAll(b.dynamicProperties);
        this.dynamicProperties = java.util.Collections.unmodifiableMap(dynamic);
        this.rest = new FlinkRest("http://127.0.0.1:" + restPort);
    }

    private Optional<FlinkConfigFile> existingConfig() {
        Path file = confDir().resolve("config.yaml");
        return Files.exists(file) ? Optional.of(FlinkConfigFile.read(file)) : Optional.empty();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Lays out the home folder, starts the JobManager and the TaskManagers, waits until all registered. */
    public synchronized FlinkCluster start() {
        if (jobManager != null) {
            return this;
        }
        FreePorts.requireFree(restPort, "Flink web UI / REST");
        long started = System.nanoTime();
        layOut();
        jobManager = startJobManagerProcess();
        awaitRest();
        for (int i = 0; i < taskManagerCount; i++) {
            taskManagers.add(startTaskManagerProcess());
        }
        awaitTaskManagersRegistered();
        writePidFile();
        LOG.info(
                "Flink cluster ready in {} ms: web UI {} , {} TaskManager(s), home {}",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                webUrl(),
                taskManagerCount,
                home);
        return this;
    }

    /**
     * The cluster whose home is {@code home}, started earlier by another process (bin/cluster):
     * its REST port is read from conf/config.yaml; {@link #flink}, {@link #rest()} and
     * {@link #stopStartedProcesses()} work on it.
     */
    public static FlinkCluster existing(Path home) {
        Path config = home.resolve("conf").resolve("config.yaml");
        if (!Files.isRegularFile(config)) {
            throw new IllegalStateException("no Flink cluster in " + home + " (no " + config + "): start one first");
        }
        FlinkConfigFile.read(config)
                .get("rest.port")
                .orElseThrow(() -> new IllegalStateException(config + " has no rest.port"));
        return builder().home(home).build();
    }

    /** Ends the processes listed in the pid file of this home (SIGTERM, then SIGKILL after 15 s); returns how many ran. */
    public int stopStartedProcesses() {
        return Processes.stopListedIn(home.resolve("pids"));
    }

    /** The web UI and REST address, e.g. {@code http://127.0.0.1:8081}. */
    public String webUrl() {
        return rest.url();
    }

    /**
     * The port (range) of Flink's Prometheus metrics reporter when this start's settings turn it on
     * (a {@code metrics.reporter.<name>.factory.class} naming it, in config.yaml or a dynamic property).
     */
    public Optional<String> prometheusReporterPorts() {
        Optional<FlinkConfigFile> file = existingConfig();
        java.util.function.Function<String, Optional<String>> setting = key -> dynamicProperties.containsKey(key)
                ? Optional.of(dynamicProperties.get(key))
                : Optional.ofNullable(configUpdates.get(key)).or(() -> file.flatMap(f -> f.get(key)));
        Set<String> keys = new java.util.TreeSet<>(dynamicProperties.keySet());
        keys.addAll(configUpdates.keySet());
        file.ifPresent(f -> keys.addAll(f.keys()));
        return keys.stream()
                .filter(key -> key.startsWith("metrics.reporter.") && key.endsWith(".factory.class"))
                .filter(key -> setting.apply(key).orElse("").equals(PROMETHEUS_REPORTER_FACTORY))
                .map(key ->
                        setting.apply(key.replace(".factory.class", ".port")).orElse("9249"))
                .findFirst();
    }

    public FlinkRest rest() {
        return rest;
    }

    public Path home() {
        return home;
    }

    public Path confDir() {
        return home.resolve("conf");
    }

    public Path logDir() {
        return home.resolve("log");
    }

    public int restPort() {
        return restPort;
    }

    /**
     * Kills the JobManager (SIGKILL, as a crashed machine: no shutdown, nothing cleaned up) and
     * returns once its process is gone. The TaskManagers keep running; with {@link
     * Builder#zooKeeperHighAvailability} a JobManager {@link #startJobManager started} afterwards
     * takes over the jobs, without it they are gone.
     */
    public synchronized void killJobManager() {
        jobManager.destroyForcibly();
        Processes.awaitExit(jobManager);
    }

    /**
     * Starts a new JobManager process (after {@link #killJobManager}), as a supervisor would, on the
     * same web UI port, and returns once its REST API answers: with ZooKeeper high availability only
     * once it has been elected leader and has recovered the jobs of the one before.
     */
    public synchronized void startJobManager() {
        if (jobManager.isAlive()) {
            throw new IllegalStateException("the JobManager (pid " + jobManager.pid() + ") still runs");
        }
        FreePorts.requireFree(restPort, "Flink web UI / REST");
        jobManager = startJobManagerProcess();
        awaitRest();
        writePidFile();
    }

    /** The JobManager process's id (a new one after {@link #startJobManager}). */
    public long jobManagerPid() {
        return jobManager.pid();
    }

    /** The process id of TaskManager {@code index}. */
    public long taskManagerPid(int index) {
        return taskManagers.get(index).pid();
    }

    /** The resource id of TaskManager {@code index}, as the JobManager lists it ({@code GET /taskmanagers}). */
    public String taskManagerResourceId(int index) {
        return taskManagerIds.get(taskManagers.get(index));
    }

    /** Kills TaskManager {@code index} (SIGKILL, as a crashed machine) and returns once its process is gone. */
    public synchronized void killTaskManager(int index) {
        Process tm = taskManagers.get(index);
        killed.add(tm);
        tm.destroyForcibly();
        Processes.awaitExit(tm);
    }

    /** Starts TaskManager {@code index} again (after {@link #killTaskManager}) and waits until it registered. */
    public synchronized void restartTaskManager(int index) {
        if (taskManagers.get(index).isAlive()) {
            killTaskManager(index);
        }
        taskManagers.set(index, startTaskManagerProcess());
        awaitTaskManagersRegistered();
        writePidFile();
    }

    /** Adds one more TaskManager and waits until it registered; returns its index. */
    public synchronized int addTaskManager() {
        taskManagers.add(startTaskManagerProcess());
        awaitTaskManagersRegistered();
        writePidFile();
        return taskManagers.size() - 1;
    }

    /** TaskManagers the JobManager lists right now (a killed one stays until its heartbeat times out). */
    public int registeredTaskManagers() {
        return rest.overview().path("taskmanagers").asInt();
    }

    /** The outcome of a {@code flink} command line: its exit code and what it printed. */
    public record CliResult(int exitCode, String output) {}

    /** Runs {@code flink run <args>} (Flink's CliFrontend with this cluster's conf/) and waits for it. */
    public CliResult flinkRun(String... args) {
        return flink(Stream.concat(Stream.of("run"), Arrays.stream(args)).toArray(String[]::new));
    }

    /**
     * Runs any {@code flink} command ({@code run}, {@code list}, {@code stop}, ...) and waits up to 3
     * minutes for it.
     */
    public CliResult flink(String... args) {
        return flink(START_TIMEOUT, args);
    }

    /**
     * Runs any {@code flink} command and waits up to {@code timeout} for it. A command still running
     * then is stopped; if it was an attached {@code flink run}, its job is cancelled, so no job is
     * left running without its client; the exception says what happened.
     */
    public CliResult flink(Duration timeout, String... args) {
        return flink(Map.of(), timeout, args);
    }

    /**
     * As {@link #flink(Duration, String...)}, with environment variables for the command (e.g. a
     * job option's secret, which a job's main reads from the environment of the client that runs it).
     */
    public CliResult flink(Map<String, String> environment, Duration timeout, String... args) {
        StringBuilder output = new StringBuilder();
        FlinkCliRun run = startFlink(
                environment,
                line -> {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                },
                args);
        Optional<Integer> exitCode = run.awaitExit(timeout);
        if (exitCode.isEmpty()) {
            String stopped = run.stop().orElse("it ended meanwhile");
            synchronized (output) {
                throw new IllegalStateException("flink " + String.join(" ", args) + " did not end within " + timeout
                        + ": " + stopped + "; its output:\n" + output);
            }
        }
        synchronized (output) {
            return new CliResult(exitCode.get(), output.toString());
        }
    }

    /**
     * Starts any {@code flink} command ({@link #flinkScript()}) and hands each line it prints to
     * {@code out} as it comes; see {@link FlinkCliRun}.
     */
    public FlinkCliRun startFlink(java.util.function.Consumer<String> out, String... args) {
        return startFlink(Map.of(), out, args);
    }

    private FlinkCliRun startFlink(
            Map<String, String> environment, java.util.function.Consumer<String> out, String... args) {
        if (!Files.isExecutable(flinkScript())) { // a home laid out before homes had bin/flink
            try {
                writeFlinkScript();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + flinkScript(), e);
            }
        }
        List<String> command = new ArrayList<>();
        command.add(flinkScript().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        pb.environment().putAll(environment);
        return FlinkCliRun.start(pb, List.of(args), rest, out);
    }

    /**
     * {@code bin/flink} of the home, as in a distribution: Flink's command line (CliFrontend) with
     * this cluster's conf/, lib/ and plugins/, for scripts that call {@code flink} themselves (e.g.
     * the compose stack's {@code docker/job-submit.sh}). Written at each start.
     */
    public Path flinkScript() {
        return home.resolve("bin").resolve("flink");
    }

    private void writeFlinkScript() throws IOException {
        List<String> command = new ArrayList<>(javaCommand());
        command.add("-Dlog.file=" + logDir().resolve("flink-client.log"));
        command.add("-Dlog4j.configurationFile="
                + confDir().resolve("log4j-cli.properties").toUri());
        command.add("-cp");
        command.add(classpath());
        command.add("org.apache.flink.client.cli.CliFrontend");
        String script = "#!/bin/sh\n"
                + "# Flink's command line for the cluster in " + home + " (written by FlinkCluster at each start).\n"
                + "export FLINK_CONF_DIR=" + shellQuoted(confDir().toString()) + "\n"
                + "export FLINK_LIB_DIR=" + shellQuoted(home.resolve("lib").toString()) + "\n"
                + "export FLINK_PLUGINS_DIR="
                + shellQuoted(home.resolve("plugins").toString()) + "\n"
                + "exec " + command.stream().map(FlinkCluster::shellQuoted).collect(Collectors.joining(" "))
                + " \"$@\"\n";
        Path file = flinkScript();
        Files.createDirectories(file.getParent());
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String shellQuoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Where Flink's scripts tell every process its conf/, lib/ and plugins/ are. */
    private void flinkEnvironment(ProcessBuilder pb) {
        pb.environment().put("FLINK_CONF_DIR", confDir().toString());
        pb.environment().put("FLINK_LIB_DIR", home.resolve("lib").toString());
        pb.environment().put("FLINK_PLUGINS_DIR", home.resolve("plugins").toString());
    }

    /** Every JobManager and TaskManager log and stdout file, concatenated (for asserting on errors). */
    public String serverLogs() {
        try (Stream<Path> files = Files.list(logDir())) {
            return files.filter(p -> p.getFileName().toString().matches("flink-(standalonesession|taskexecutor).*"))
                    .sorted()
                    .map(p -> "==> " + p.getFileName() + " <==\n" + Processes.readQuietly(p))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + logDir(), e);
        }
    }

    /**
     * The lines of {@link #serverLogs()} that tell of a class-loading problem (a class missing,
     * loaded twice, or from the wrong jar), e.g. a connector or provider missing from lib/.
     */
    public List<String> classLoadingErrors() {
        return serverLogs()
                .lines()
                .filter(line -> CLASS_LOADING_ERROR.matcher(line).find())
                // Flink's own probe for an optional Hadoop, logged at INFO by every process of a dist without it.
                .filter(line -> !line.contains("Hadoop FS is not available (not packaged with this application)"))
                .toList();
    }

    public boolean isJobManagerAlive() {
        return jobManager != null && jobManager.isAlive();
    }

    /** Stops every process (SIGTERM, then SIGKILL after 15 s) and removes a temporary home. */
    @Override
    public synchronized void close() {
        List<Process> all = new ArrayList<>(taskManagers);
        if (jobManager != null) {
            all.add(jobManager);
        }
        all.forEach(Process::destroy);
        all.forEach(Processes::awaitExit);
        taskManagers.clear();
        jobManager = null;
        if (deleteOnClose) {
            LocalFiles.deleteRecursively(home);
        }
    }

    /** The pids of the JobManager and TaskManagers, for {@link #stopStartedProcesses()} from another process. */
    private void writePidFile() {
        List<Process> all = new ArrayList<>(taskManagers);
        all.add(0, jobManager);
        Processes.writePids(home.resolve("pids"), all);
    }

    private Process startJobManagerProcess() {
        return startProcess(
                "standalonesession",
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                "GET_JM_RESOURCE_PARAMS",
                List.of("--executionMode", "cluster"));
    }

    /** Each TaskManager process gets its own resource id, so the JobManager's list shows which ones registered. */
    private Process startTaskManagerProcess() {
        String resourceId = "taskmanager-" + (processesStarted + 1);
        Process process = startProcess(
                "taskexecutor",
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                "GET_TM_RESOURCE_PARAMS",
                List.of("-D", "taskmanager.resource-id=" + resourceId));
        taskManagerIds.put(process, resourceId);
        return process;
    }

    /**
     * Starts one Flink process as {@code bin/jobmanager.sh} / {@code bin/taskmanager.sh} do: JVM
     * memory flags and dynamic memory settings computed by BashJavaUtils from config.yaml.
     */
    private Process startProcess(String kind, String mainClass, String resourceCommand, List<String> extraArgs) {
        String name = "flink-" + kind + "-" + (++processesStarted);
        List<String> resources = bashJavaUtils(resourceCommand);
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(splitFlags(resources.get(0)));
        command.add("-Dlog.file=" + logDir().resolve(name + ".log"));
        command.add("-Dlog4j.configurationFile="
                + confDir().resolve("log4j.properties").toUri());
        command.add("-cp");
        command.add(classpath());
        command.add(mainClass);
        command.add("--configDir");
        command.add(confDir().toString());
        command.addAll(splitFlags(resources.get(1)));
        command.addAll(dynamicPropertyArgs());
        command.addAll(extraArgs);
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logDir().resolve(name + ".out").toFile());
            flinkEnvironment(pb);
            Process process = pb.start();
            LOG.info("started {} (pid {})", name, process.pid());
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    /** BashJavaUtils' two result lines: JVM flags, then dynamic {@code -D key=value} settings. */
    private List<String> bashJavaUtils(String command) {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(List.of(
                "-cp",
                classpath(),
                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                command,
                "--configDir",
                confDir().toString()));
        cmd.addAll(dynamicPropertyArgs()); // e.g. -D taskmanager.memory.process.size sizes the JVM
        try {
            Process p = new ProcessBuilder(cmd)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(1, TimeUnit.MINUTES);
            List<String> results = out.lines()
                    .filter(l -> l.startsWith(BASH_JAVA_UTILS_PREFIX))
                    .map(l -> l.substring(BASH_JAVA_UTILS_PREFIX.length()))
                    .toList();
            if (p.exitValue() != 0 || results.size() < 2) {
                throw new IllegalStateException(
                        "BashJavaUtils " + command + " failed (check conf/config.yaml's memory settings):\n" + out);
            }
            return results.subList(results.size() - 2, results.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run BashJavaUtils", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The settings of this start, as {@code -D key=value} arguments (Flink's dynamic properties). */
    private List<String> dynamicPropertyArgs() {
        List<String> args = new ArrayList<>();
        dynamicProperties.forEach((key, value) -> {
            args.add("-D");
            args.add(key + "=" + value);
        });
        return args;
    }

    private List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JAVA_17_OPTS);
        return command;
    }

    private String classpath() {
        return home.resolve("lib") + "/*";
    }

    private void layOut() {
        try {
            Path distributionLib = sourceLib != null ? sourceLib : FlinkDistribution.lib();
            List<Path> distribution = FlinkDistribution.jars(distributionLib);
            for (Path extra : extraLibJars) {
                if (distribution.stream().anyMatch(jar -> jar.getFileName().equals(extra.getFileName()))) {
                    throw new IllegalArgumentException(
                            extra + ": the distribution's lib/ already has a jar named " + extra.getFileName());
                }
            }
            linkJars(home.resolve("lib"), Stream.concat(distribution.stream(), extraLibJars.stream()));
            // plugins/<name>/: each of the distribution's plugin folders; folders the user added stay.
            for (Path plugin : FlinkDistribution.pluginFolders(distributionLib)) {
                linkJars(
                        home.resolve("plugins").resolve(plugin.getFileName().toString()),
                        FlinkDistribution.jars(plugin).stream());
            }
            Files.createDirectories(home.resolve("plugins"));
            Files.createDirectories(home.resolve("log"));
            writeFlinkScript();
            Files.createDirectories(home.resolve("tmp"));
            Files.createDirectories(confDir());
            Path config = confDir().resolve("config.yaml");
            existingConfig().orElseGet(this::newConfig).set(configUpdates).write(config);
            writeIfMissing(confDir().resolve("log4j.properties"), log4jProperties("${sys:log.file}", "INFO"));
            writeIfMissing(confDir().resolve("log4j-cli.properties"), log4jProperties("${sys:log.file}", "INFO"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the Flink home " + home, e);
        }
    }

    /**
     * Links each jar into {@code folder}. A home used again (bin/cluster) keeps no link of an
     * earlier start to a jar this one was not given; files that are not links (the user's) stay.
     */
    private static void linkJars(Path folder, Stream<Path> jarStream) throws IOException {
        Files.createDirectories(folder);
        List<Path> jars = jarStream.map(Path::toAbsolutePath).toList();
        try (Stream<Path> present = Files.list(folder)) {
            for (Path link : present.filter(Files::isSymbolicLink).toList()) {
                if (!jars.contains(Files.readSymbolicLink(link))) {
                    Files.delete(link);
                }
            }
        }
        for (Path jar : jars) {
            Path link = folder.resolve(jar.getFileName());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, jar);
            }
        }
    }

    /**
     * A new home's config.yaml: the cluster's own settings, then the lines of {@link
     * Builder#recommendedSettings}, comments included (its keys win over the cluster's defaults).
     */
    private FlinkConfigFile newConfig() {
        Map<String, String> defaults = defaultConfig();
        if (recommendedSettings == null) {
            return FlinkConfigFile.of(CONFIG_HEADER, defaults);
        }
        FlinkConfigFile recommended = FlinkConfigFile.read(recommendedSettings);
        recommended.keys().forEach(defaults::remove);
        return FlinkConfigFile.of(CONFIG_HEADER, defaults)
                .append("\n# ---- " + recommendedSettings.getFileName() + " of " + recommendedSettings.getParent()
                        + ", as it was when this file was written ----")
                .append(recommended);
    }

    private static void writeIfMissing(Path file, String content) throws IOException {
        if (!Files.exists(file)) {
            Files.writeString(file, content);
        }
    }

    /** A new home's config.yaml: everything on 127.0.0.1, memory sized for a small shared machine, state under home. */
    private Map<String, String> defaultConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("jobmanager.rpc.address", "127.0.0.1");
        config.put("jobmanager.bind-host", "127.0.0.1");
        config.put("jobmanager.memory.process.size", "1024m");
        config.put("taskmanager.bind-host", "127.0.0.1");
        config.put("taskmanager.host", "127.0.0.1");
        config.put("taskmanager.numberOfTaskSlots", "2");
        config.put("taskmanager.memory.process.size", "1280m");
        config.put("taskmanager.memory.managed.size", "64m");
        config.put("parallelism.default", "1");
        config.put("rest.address", "127.0.0.1");
        config.put("rest.bind-address", "127.0.0.1");
        config.put("web.upload.dir", home.resolve("web-upload").toString());
        config.put("io.tmp.dirs", home.resolve("tmp").toString());
        config.put(
                "execution.checkpointing.dir",
                home.resolve("checkpoints").toUri().toString());
        config.put(
                "execution.checkpointing.savepoint-dir",
                home.resolve("savepoints").toUri().toString());
        config.put("env.java.opts.all", String.join(" ", JAVA_17_OPTS));
        return config;
    }

    private static String log4jProperties(String file, String level) {
        return """
                monitorInterval = 30
                rootLogger.level = %s
                rootLogger.appenderRef.file.ref = MainAppender
                logger.kafka.name = org.apache.kafka
                logger.kafka.level = WARN
                appender.main.name = MainAppender
                appender.main.type = File
                appender.main.append = true
                appender.main.fileName = %s
                appender.main.layout.type = PatternLayout
                appender.main.layout.pattern = %%d{yyyy-MM-dd HH:mm:ss,SSS} %%-5p %%-60c %%x - %%m%%n
                """.formatted(level, file);
    }

    private void awaitRest() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!jobManager.isAlive()) {
                throw new IllegalStateException("the JobManager exited with code " + jobManager.exitValue()
                        + " at start-up; its logs:\n" + serverLogs());
            }
            try {
                rest.overview();
                return;
            } catch (RuntimeException notYet) {
                FlinkRest.sleep(200);
            }
        }
        throw new IllegalStateException("the JobManager's REST API did not answer on " + webUrl() + " within "
                + START_TIMEOUT + "; its logs:\n" + serverLogs());
    }

    /**
     * Waits until the JobManager lists every TaskManager process that runs now (GET /taskmanagers),
     * e.g. after {@link #startJobManager}; fails when one of them exited.
     */
    public void awaitTaskManagersRegistered() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Process tm : taskManagers) {
                if (!tm.isAlive() && !killed.contains(tm)) {
                    throw new IllegalStateException("TaskManager " + taskManagerIds.get(tm) + " exited with code "
                            + tm.exitValue() + "; logs:\n" + serverLogs());
                }
            }
            java.util.Set<String> registered = new java.util.HashSet<>();
            rest.get("/taskmanagers")
                    .body()
                    .path("taskmanagers")
                    .forEach(tm -> registered.add(tm.path("id").asText()));
            if (taskManagers.stream()
                    .filter(tm -> !killed.contains(tm))
                    .map(taskManagerIds::get)
                    .allMatch(registered::contains)) {
                return;
            }
            FlinkRest.sleep(200);
        }
        throw new IllegalStateException(
                "TaskManagers " + taskManagers.stream().map(taskManagerIds::get).toList()
                        + " did not all register within " + START_TIMEOUT + "; logs:\n" + serverLogs());
    }

    private static List<String> splitFlags(String flags) {
        return Arrays.stream(flags.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
    }

    public static final class Builder {
        private int taskManagers = 1;
        private Integer slotsPerTaskManager;
        private int restPort;
        private Path home;
        private Path lib;
        private final List<Path> libJars = new ArrayList<>();
        private final Map<String, String> config = new LinkedHashMap<>();
        private final Map<String, String> dynamicProperties = new LinkedHashMap<>();
        private Path recommendedSettings;
        private String zooKeeperQuorum;

        public Builder taskManagers(int count) {
            this.taskManagers = count;
            return this;
        }

        /** Task slots per TaskManager ({@code taskmanager.numberOfTaskSlots}); a new home has 2. */
        public Builder slotsPerTaskManager(int slots) {
            this.slotsPerTaskManager = slots;
            return this;
        }

        /**
         * The web UI / REST port ({@code rest.port}); 0 (default): the one of a kept config.yaml,
         * else a free one.
         */
        public Builder restPort(int port) {
            this.restPort = port;
            return this;
        }

        /** The cluster's home (lib/, conf/, log/, checkpoints); by default a temporary folder removed on close. */
        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        /** The lib/ to use; by default {@link FlinkDistribution#lib()}. */
        public Builder lib(Path lib) {
            this.lib = lib;
            return this;
        }

        /**
         * A jar to put into lib/ beside the distribution's (e.g. a SQL connector or a model
         * provider), as users drop jars into a distribution's lib/: on every process's class path.
         */
        public Builder libJar(Path jar) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException(
                        "no jar at " + jar.toAbsolutePath() + " to put into the cluster's lib/");
            }
            this.libJars.add(jar);
            return this;
        }

        /**
         * Any config.yaml setting (flat key), written into the file: it wins over the defaults of a
         * new home and replaces the key's line in a kept one.
         */
        public Builder config(String key, String value) {
            this.config.put(key, value);
            return this;
        }

        /**
         * A config.yaml of settings (flat keys, e.g. a project's recommended ones) that a new home's
         * config.yaml takes as they are, comments included, below the cluster's own settings; a
         * kept config.yaml is left as it is.
         */
        public Builder recommendedSettings(Path configYaml) {
            if (!Files.isRegularFile(configYaml)) {
                throw new IllegalArgumentException("no Flink settings file at " + configYaml.toAbsolutePath());
            }
            this.recommendedSettings = configYaml.toAbsolutePath();
            return this;
        }

        /**
         * Turns on Flink's Prometheus metrics reporter (from plugins/) as reporter {@code prom},
         * serving {@code /metrics} on {@code ports}: one port, or a range {@code 9250-9251} with one
         * port for each JobManager and TaskManager process.
         */
        public Builder prometheusReporter(String ports) {
            return config("metrics.reporter.prom.factory.class", PROMETHEUS_REPORTER_FACTORY)
                    .config("metrics.reporter.prom.port", ports);
        }

        /**
         * A setting for this start only, given to every JobManager and TaskManager process as
         * {@code -D key=value} (Flink's dynamic properties: they win over config.yaml, which keeps
         * no trace of them), as {@code jobmanager.sh start -D key=value} does.
         */
        public Builder dynamicProperty(String key, String value) {
            if (key.equals("rest.port")) {
                throw new IllegalArgumentException("rest.port cannot be set for one start: the flink command line "
                        + "finds the cluster by the rest.port of config.yaml (set it there, or with --web-port)");
            }
            this.dynamicProperties.put(key, value);
            return this;
        }

        /**
         * Flink's ZooKeeper high availability ({@code high-availability.type: zookeeper}) with the
         * ZooKeeper servers {@code quorum} (e.g. {@link ZooKeeperServer#connectString()}) and the HA
         * storage (job graphs, jars, checkpoint pointers) in {@code ha/} of the home: the JobManager
         * is elected leader through ZooKeeper, the TaskManagers and the flink command line find it
         * there, and a new JobManager takes the jobs over from their latest checkpoints.
         */
        public Builder zooKeeperHighAvailability(String quorum) {
            this.zooKeeperQuorum = quorum;
            return this;
        }

        public FlinkCluster build() {
            return new FlinkCluster(this);
        }
    }
}
