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
 * {@code conf/config.yaml}, {@code log/}. Jobs are submitted with {@link #flinkRun} ({@code flink
 * run}, i.e. CliFrontend) or through {@link #rest()} (the web UI's jar upload and run).
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

    private static final Pattern CLASS_LOADING_ERROR =
            Pattern.compile("ClassNotFound|NoClassDefFound|LinkageError|ClassCastException");
    private static final String BASH_JAVA_UTILS_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Path home;
    private final Path sourceLib;
    private final List<Path> extraLibJars;
    private final boolean deleteOnClose;
    private final int restPort;
    private final int rpcPort;
    private final int taskManagerCount;
    private final int slotsPerTaskManager;
    private final Map<String, String> extraConfig;
    private final FlinkRest rest;
    private Process jobManager;
    private final List<Process> taskManagers = new ArrayList<>();
    private final Map<Process, String> taskManagerIds = new java.util.HashMap<>();
    private final java.util.Set<Process> killed = new java.util.HashSet<>();
    private int processesStarted;

    private FlinkCluster(Builder b) {
        this.restPort = b.restPort == 0 ? FreePorts.find() : b.restPort;
        this.rpcPort = FreePorts.find();
        this.taskManagerCount = b.taskManagers;
        this.slotsPerTaskManager = b.slotsPerTaskManager;
        this.extraConfig = Map.copyOf(b.config);
        this.sourceLib = b.lib;
        this.extraLibJars = List.copyOf(b.libJars);
        try {
            this.home = b.home != null ? Files.createDirectories(b.home) : Files.createTempDirectory("flink-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cluster's home folder", e);
        }
        this.deleteOnClose = b.home == null;
        this.rest = new FlinkRest("http://127.0.0.1:" + restPort);
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
        jobManager = startProcess(
                "standalonesession",
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                "GET_JM_RESOURCE_PARAMS",
                List.of("--executionMode", "cluster"));
        awaitRest();
        for (int i = 0; i < taskManagerCount; i++) {
            taskManagers.add(startTaskManagerProcess());
        }
        awaitTaskManagersRegistered();
        writePidFile();
        LOG.info(
                "Flink cluster ready in {} ms: web UI {} , {} TaskManager(s) x {} slots, home {}",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                webUrl(),
                taskManagerCount,
                slotsPerTaskManager,
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
        try {
            int port = Files.readAllLines(config).stream()
                    .filter(l -> l.startsWith("rest.port: "))
                    .map(l ->
                            Integer.parseInt(l.substring("rest.port: ".length()).trim()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(config + " has no rest.port"));
            return builder().home(home).restPort(port).build();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no Flink cluster in " + home + " (" + config + " cannot be read): start one first", e);
        }
    }

    /** Ends the processes listed in the pid file of this home (SIGTERM, then SIGKILL after 15 s); returns how many ran. */
    public int stopStartedProcesses() {
        return Processes.stopListedIn(home.resolve("pids"));
    }

    /** The web UI and REST address, e.g. {@code http://127.0.0.1:8081}. */
    public String webUrl() {
        return rest.url();
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

    /** Runs any {@code flink} command ({@code run}, {@code list}, {@code stop}, ...) and waits for it. */
    public CliResult flink(String... args) {
        Path output = logDir().resolve("flink-cli-" + (++processesStarted) + ".out");
        List<String> command = new ArrayList<>(javaCommand());
        command.add("-Dlog.file=" + logDir().resolve("flink-client.log"));
        command.add("-Dlog4j.configurationFile="
                + confDir().resolve("log4j-cli.properties").toUri());
        command.add("-cp");
        command.add(classpath());
        command.add("org.apache.flink.client.cli.CliFrontend");
        command.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            pb.environment().put("FLINK_CONF_DIR", confDir().toString());
            pb.environment().put("FLINK_LIB_DIR", home.resolve("lib").toString());
            Process cli = pb.start();
            if (!cli.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                cli.destroyForcibly();
                throw new IllegalStateException("flink " + String.join(" ", args) + " did not end within "
                        + START_TIMEOUT + "; its output:\n" + Files.readString(output));
            }
            return new CliResult(cli.exitValue(), Files.readString(output));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run flink " + String.join(" ", args), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
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
        command.addAll(extraArgs);
        try {
            Process process = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logDir().resolve(name + ".out").toFile())
                    .start();
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
            Path lib = Files.createDirectories(home.resolve("lib"));
            List<Path> distribution = FlinkDistribution.jars(sourceLib != null ? sourceLib : FlinkDistribution.lib());
            for (Path extra : extraLibJars) {
                if (distribution.stream().anyMatch(jar -> jar.getFileName().equals(extra.getFileName()))) {
                    throw new IllegalArgumentException(
                            extra + ": the distribution's lib/ already has a jar named " + extra.getFileName());
                }
            }
            List<Path> jars = Stream.concat(distribution.stream(), extraLibJars.stream())
                    .map(Path::toAbsolutePath)
                    .toList();
            // A home used again (bin/cluster) keeps no link of an earlier start to a jar this one was not given.
            try (Stream<Path> present = Files.list(lib)) {
                for (Path link : present.filter(Files::isSymbolicLink).toList()) {
                    if (!jars.contains(Files.readSymbolicLink(link))) {
                        Files.delete(link);
                    }
                }
            }
            for (Path jar : jars) {
                Path link = lib.resolve(jar.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, jar);
                }
            }
            Files.createDirectories(home.resolve("log"));
            Files.createDirectories(home.resolve("tmp"));
            Files.createDirectories(confDir());
            Files.writeString(confDir().resolve("config.yaml"), configYaml());
            Files.writeString(confDir().resolve("log4j.properties"), log4jProperties("${sys:log.file}", "INFO"));
            Files.writeString(confDir().resolve("log4j-cli.properties"), log4jProperties("${sys:log.file}", "INFO"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the Flink home " + home, e);
        }
    }

    /** config.yaml: everything on 127.0.0.1, memory sized for a small shared machine, state under home. */
    String configYaml() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("jobmanager.rpc.address", "127.0.0.1");
        config.put("jobmanager.rpc.port", String.valueOf(rpcPort));
        config.put("jobmanager.bind-host", "127.0.0.1");
        config.put("jobmanager.memory.process.size", "1024m");
        config.put("taskmanager.bind-host", "127.0.0.1");
        config.put("taskmanager.host", "127.0.0.1");
        config.put("taskmanager.numberOfTaskSlots", String.valueOf(slotsPerTaskManager));
        config.put("taskmanager.memory.process.size", "1280m");
        config.put("taskmanager.memory.managed.size", "64m");
        config.put("parallelism.default", "1");
        config.put("rest.address", "127.0.0.1");
        config.put("rest.bind-address", "127.0.0.1");
        config.put("rest.port", String.valueOf(restPort));
        config.put("web.upload.dir", home.resolve("web-upload").toString());
        config.put("io.tmp.dirs", home.resolve("tmp").toString());
        config.put(
                "execution.checkpointing.dir",
                home.resolve("checkpoints").toUri().toString());
        config.put(
                "execution.checkpointing.savepoint-dir",
                home.resolve("savepoints").toUri().toString());
        config.put("env.java.opts.all", String.join(" ", JAVA_17_OPTS));
        config.putAll(extraConfig);
        return config.entrySet().stream()
                .map(e -> e.getKey() + ": " + yamlValue(e.getValue()))
                .collect(Collectors.joining("\n", "# Written by FlinkCluster (local-services)\n", "\n"));
    }

    private static String yamlValue(String value) {
        return value.matches("[A-Za-z0-9_./:\\-]+")
                ? value
                : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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

    /** Waits until the JobManager lists every TaskManager process that runs now (GET /taskmanagers). */
    private void awaitTaskManagersRegistered() {
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
        private int slotsPerTaskManager = 2;
        private int restPort;
        private Path home;
        private Path lib;
        private final List<Path> libJars = new ArrayList<>();
        private final Map<String, String> config = new LinkedHashMap<>();

        public Builder taskManagers(int count) {
            this.taskManagers = count;
            return this;
        }

        public Builder slotsPerTaskManager(int slots) {
            this.slotsPerTaskManager = slots;
            return this;
        }

        /** The web UI / REST port; 0 (default) picks a free one. */
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

        /** Any config.yaml setting (flat key); wins over the defaults. */
        public Builder config(String key, String value) {
            this.config.put(key, value);
            return this;
        }

        public FlinkCluster build() {
            return new FlinkCluster(this);
        }
    }
}
