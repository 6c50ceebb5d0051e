package io.regimestream.localservices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Spark standalone cluster on 127.0.0.1, each part in its own JVM as Spark's {@code sbin/}
 * scripts start them: a Master ({@code org.apache.spark.deploy.master.Master}) and a Worker
 * ({@code org.apache.spark.deploy.worker.Worker}, small by default: 1 core and 1 GiB for executors),
 * which forks one executor JVM per application. Its home is laid out like a binary distribution:
 * {@code jars/} (the {@code spark-dist} module's, see {@link SparkDistribution}), {@code conf/},
 * {@code logs/}, {@code work/} (each executor's folder and stderr). Every JVM command line is built
 * by Spark's own launcher ({@code org.apache.spark.launcher.Main}, which {@code bin/spark-class}
 * runs), so the daemons, the driver and the executors get the class path and Java 17 options a real
 * distribution gives them; {@link #sparkSubmit} is {@code bin/spark-submit}.
 *
 * <pre>{@code
 * try (SparkStandaloneCluster spark = SparkStandaloneCluster.builder().build().start()) {
 *     spark.sparkSubmit("--master", spark.masterUrl(), "--class", "x.Main", "app.jar", "--input", "data.csv");
 * }
 * }</pre>
 */
public final class SparkStandaloneCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SparkStandaloneCluster.class);

    private static final String LAUNCHER = "org.apache.spark.launcher.Main";
    private static final Pattern SPARK_CORE_JAR = Pattern.compile("spark-core_(\\d+\\.\\d+)-.*\\.jar");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** A whole application in client mode; training on a loaded 2-core machine takes minutes. */
    private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(20);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Path sourceJars;
    private final boolean deleteOnClose;
    private final int masterPort;
    private final int masterWebPort;
    private final int workerWebPort;
    private final int workerCores;
    private final String workerMemory;
    private final String daemonMemory;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process master;
    private Process worker;
    private int processesStarted;

    private SparkStandaloneCluster(Builder b) {
        this.masterPort = b.masterPort == 0 ? FreePorts.find() : b.masterPort;
        this.masterWebPort = b.masterWebPort == 0 ? FreePorts.find() : b.masterWebPort;
        this.workerWebPort = b.workerWebPort == 0 ? FreePorts.find() : b.workerWebPort;
        this.workerCores = b.workerCores;
        this.workerMemory = b.workerMemory;
        this.daemonMemory = b.daemonMemory;
        this.sourceJars = b.jars;
        try {
            this.home = b.home != null ? Files.createDirectories(b.home) : Files.createTempDirectory("spark-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cluster's home folder", e);
        }
        this.deleteOnClose = b.home == null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Lays out the home folder, starts the Master, then the Worker, and waits until the Master lists it alive. */
    public synchronized SparkStandaloneCluster start() {
        if (master != null) {
            return this;
        }
        FreePorts.requireFree(masterPort, "Spark Master");
        FreePorts.requireFree(masterWebPort, "Spark Master web UI");
        FreePorts.requireFree(workerWebPort, "Spark Worker web UI");
        long started = System.nanoTime();
        layOut();
        master = startDaemon(
                "master",
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(masterPort),
                "--webui-port",
                String.valueOf(masterWebPort));
        awaitMasterAlive();
        worker = startDaemon(
                "worker",
                "org.apache.spark.deploy.worker.Worker",
                "--host",
                "127.0.0.1",
                "--webui-port",
                String.valueOf(workerWebPort),
                "--cores",
                String.valueOf(workerCores),
                "--memory",
                workerMemory,
                "--work-dir",
                workDir().toString(),
                masterUrl());
        awaitWorkerAlive();
        Processes.writePids(home.resolve("pids"), daemonProcesses());
        LOG.info(
                "Spark standalone cluster ready in {} ms: master {} (web UI {}), one worker with {} core(s) and {}, home {}",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                masterUrl(),
                masterWebUrl(),
                workerCores,
                workerMemory,
                home);
        return this;
    }

    /**
     * The cluster whose home is {@code home}, started earlier by another process (bin/spark-cluster):
     * its ports are read from conf/spark-env.sh; {@link #sparkSubmit}, {@link #masterState()} and
     * {@link #stopStartedProcesses()} work on it.
     */
    public static SparkStandaloneCluster existing(Path home) {
        Path env = home.resolve("conf").resolve("spark-env.sh");
        try {
            Map<String, String> settings = Files.readAllLines(env).stream()
                    .filter(l -> l.matches("[A-Z_]+=.*"))
                    .collect(Collectors.toMap(
                            l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
            return builder()
                    .home(home)
                    .masterPort(port(settings, "SPARK_MASTER_PORT", env))
                    .masterWebPort(port(settings, "SPARK_MASTER_WEBUI_PORT", env))
                    .workerWebPort(port(settings, "SPARK_WORKER_WEBUI_PORT", env))
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no Spark cluster in " + home + " (" + env + " cannot be read): start one first", e);
        }
    }

    private static int port(Map<String, String> settings, String name, Path file) {
        String value = settings.get(name);
        if (value == null) {
            throw new IllegalStateException(file + " has no " + name);
        }
        return Integer.parseInt(value.trim());
    }

    /** Ends the Master and Worker listed in this home's pid file (SIGTERM, then SIGKILL after 15 s); returns how many ran. */
    public int stopStartedProcesses() {
        return Processes.stopListedIn(home.resolve("pids"));
    }

    /** The URL applications are submitted to ({@code --master}), e.g. {@code spark://127.0.0.1:7077}. */
    public String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    public String masterWebUrl() {
        return "http://127.0.0.1:" + masterWebPort;
    }

    public String workerWebUrl() {
        return "http://127.0.0.1:" + workerWebPort;
    }

    /** The Master's {@code /json/}: workers, running and completed applications with their state. */
    public JsonNode masterState() {
        return getJson(masterWebUrl() + "/json/");
    }

    /** The Worker's {@code /json/}: its running and finished executors, each with its application's id and command. */
    public JsonNode workerState() {
        return getJson(workerWebUrl() + "/json/");
    }

    public Path home() {
        return home;
    }

    public Path confDir() {
        return home.resolve("conf");
    }

    public Path logDir() {
        return home.resolve("logs");
    }

    /** The Worker's work folder: {@code <app-id>/<executor-id>/stderr} of every executor it started. */
    public Path workDir() {
        return home.resolve("work");
    }

    /** What {@code spark-submit} ended with and printed (its launch command first, then the driver's output). */
    public record SubmitResult(int exitCode, String output) {}

    /**
     * Runs {@code spark-submit <args>} as {@code bin/spark-submit} does: Spark's launcher builds the
     * driver's command line ({@code SPARK_PRINT_LAUNCH_COMMAND} is set, so the output starts with it),
     * then the driver runs in this process's working folder, so relative paths in {@code args} work
     * as in a shell. In client mode the application runs to its end before this returns.
     */
    public SubmitResult sparkSubmit(String... args) {
        Path output = logDir().resolve("spark-submit-" + (++processesStarted) + ".out");
        int exitCode =
                submit(List.of(args), Redirect.appendTo(output.toFile()), Map.of("SPARK_PRINT_LAUNCH_COMMAND", "1"));
        return new SubmitResult(exitCode, Processes.readQuietly(output));
    }

    /** {@link #sparkSubmit}, printing to this process's console as it goes (bin/spark-cluster); returns the exit code. */
    public int sparkSubmitToConsole(String... args) {
        return submit(List.of(args), Redirect.INHERIT, Map.of());
    }

    private int submit(List<String> args, Redirect output, Map<String, String> extraEnvironment) {
        Launch launch = launch("org.apache.spark.deploy.SparkSubmit", args, output, extraEnvironment);
        if (launch.exitCode() != 0) {
            return launch.exitCode();
        }
        Process driver = startProcess(launch.command(), output, null);
        try {
            if (!driver.waitFor(SUBMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                Processes.stop(driver);
                throw new IllegalStateException("spark-submit " + String.join(" ", args) + " did not end within "
                        + SUBMIT_TIMEOUT + (output.file() != null ? "; its output is in " + output.file() : ""));
            }
            return driver.exitValue();
        } catch (InterruptedException e) {
            Processes.stop(driver);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The stderr of every executor the Worker started for {@code appId} (its launch command, then its log). */
    public String executorLogs(String appId) {
        Path appDir = workDir().resolve(appId);
        if (!Files.isDirectory(appDir)) {
            return "";
        }
        try (Stream<Path> files = Files.walk(appDir, 2)) {
            return files.filter(p -> p.getFileName().toString().equals("stderr"))
                    .sorted()
                    .map(p -> "==> " + home.relativize(p) + " <==\n" + Processes.readQuietly(p))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + appDir, e);
        }
    }

    /** The Master's and the Worker's output, concatenated (for error messages). */
    public String serverLogs() {
        return Stream.of("master", "worker")
                .map(name -> logDir().resolve("spark-" + name + ".out"))
                .filter(Files::exists)
                .map(p -> "==> " + p.getFileName() + " <==\n" + Processes.readQuietly(p))
                .collect(Collectors.joining("\n"));
    }

    /** The Master's and the Worker's JVMs while they run (for tests of what they expose). */
    synchronized List<Process> daemonProcesses() {
        return Stream.of(master, worker).filter(Objects::nonNull).toList();
    }

    /** Stops the Worker (and any executor it still runs), then the Master, and removes a temporary home. */
    @Override
    public synchronized void close() {
        if (worker != null) {
            Processes.stop(worker);
            worker = null;
        }
        if (master != null) {
            Processes.stop(master);
            master = null;
        }
        if (deleteOnClose) {
            LocalFiles.deleteRecursively(home);
        }
    }

    private Process startDaemon(String name, String mainClass, String... args) {
        Path log = logDir().resolve("spark-" + name + ".out");
        // sbin/spark-daemon.sh sets SPARK_PRINT_LAUNCH_COMMAND: a daemon's .out starts with its command line.
        Launch launch = launch(
                mainClass, List.of(args), Redirect.appendTo(log.toFile()), Map.of("SPARK_PRINT_LAUNCH_COMMAND", "1"));
        if (launch.exitCode() != 0) {
            throw new IllegalStateException("Spark's launcher could not build the " + name + "'s command (exit "
                    + launch.exitCode() + "):\n" + Processes.readQuietly(log));
        }
        // sbin/spark-daemon.sh runs the daemons in SPARK_HOME.
        Process process = startProcess(launch.command(), Redirect.appendTo(log.toFile()), home);
        LOG.info("started the Spark {} (pid {})", name, process.pid());
        return process;
    }

    /** A command line Spark's launcher printed, or the launcher's failure. */
    private record Launch(int exitCode, List<String> command) {}

    /**
     * Asks Spark's launcher for the command line of {@code mainClass}, as {@code bin/spark-class}
     * does: the launcher prints its messages, then a NUL and a newline, then the command's arguments,
     * each ended by a NUL. Its messages and errors go to {@code output}.
     */
    private Launch launch(String mainClass, List<String> args, Redirect output, Map<String, String> extraEnvironment) {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx128m", "-cp", classpath(), LAUNCHER));
        command.add(mainClass);
        command.addAll(args);
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(output);
            sparkEnvironment(pb.environment());
            pb.environment().putAll(extraEnvironment);
            Process launcher = pb.start();
            byte[] out = launcher.getInputStream().readAllBytes();
            if (!launcher.waitFor(1, TimeUnit.MINUTES)) {
                launcher.destroyForcibly();
                throw new IllegalStateException("Spark's launcher did not answer within a minute");
            }
            String printed = new String(out, StandardCharsets.UTF_8);
            int separator = printed.indexOf("\0\n");
            String messages = separator < 0 ? printed : printed.substring(0, separator);
            if (!messages.isBlank() && output.file() != null) {
                Files.writeString(output.file().toPath(), messages, StandardOpenOption.APPEND);
            } else if (!messages.isBlank()) {
                System.err.print(messages);
            }
            if (launcher.exitValue() != 0 || separator < 0) {
                return new Launch(launcher.exitValue() != 0 ? launcher.exitValue() : 1, List.of());
            }
            List<String> launched = Arrays.stream(
                            printed.substring(separator + 2).split("\0"))
                    .filter(a -> !a.isEmpty())
                    .toList();
            return new Launch(0, launched);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run Spark's launcher for " + mainClass, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Process startProcess(List<String> command, Redirect output, Path workingDirectory) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(output.file() != null)
                    .redirectOutput(output)
                    .redirectError(output);
            if (workingDirectory != null) {
                pb.directory(workingDirectory.toFile());
            }
            sparkEnvironment(pb.environment());
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    /**
     * What {@code bin/load-spark-env.sh} and a {@code conf/spark-env.sh} would export for this home:
     * {@code SPARK_LOCAL_IP} keeps every server socket (RPC, block manager, web UIs) on 127.0.0.1. Any
     * {@code SPARK_*} variable of the calling environment is dropped, so a developer's own Spark
     * settings do not leak into the cluster.
     */
    private void sparkEnvironment(Map<String, String> environment) {
        environment.keySet().removeIf(key -> key.startsWith("SPARK_") || key.startsWith("PYSPARK_"));
        environment.put("SPARK_HOME", home.toString());
        environment.put("SPARK_CONF_DIR", confDir().toString());
        environment.put("SPARK_SCALA_VERSION", scalaVersion());
        environment.put("SPARK_LOCAL_IP", "127.0.0.1");
        environment.put("SPARK_DAEMON_MEMORY", daemonMemory);
        environment.put("JAVA_HOME", System.getProperty("java.home"));
    }

    /** The Scala version of the distribution's spark-core jar, which the launcher needs to be told. */
    private String scalaVersion() {
        try (Stream<Path> jars = Files.list(home.resolve("jars"))) {
            return jars.map(p -> SPARK_CORE_JAR.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(home.resolve("jars") + " holds no spark-core jar"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + home.resolve("jars"), e);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private String classpath() {
        return home.resolve("jars") + "/*";
    }

    private void layOut() {
        try {
            Path jars = home.resolve("jars");
            Path source = (sourceJars != null ? sourceJars : SparkDistribution.jars()).toAbsolutePath();
            if (Files.isSymbolicLink(jars)) {
                Files.delete(jars);
            }
            Files.createSymbolicLink(jars, source);
            Files.createDirectories(confDir());
            Files.createDirectories(logDir());
            Files.createDirectories(workDir());
            Files.writeString(confDir().resolve("spark-env.sh"), sparkEnvSh());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the Spark home " + home, e);
        }
    }

    /**
     * This cluster's settings under the names Spark's scripts read from conf/spark-env.sh (the
     * processes get them as arguments and environment, see {@link #sparkEnvironment}); also how
     * {@link #existing} finds the ports again.
     */
    private String sparkEnvSh() {
        return """
                # Written by SparkStandaloneCluster (local-services): this cluster's settings, in Spark's names.
                SPARK_LOCAL_IP=127.0.0.1
                SPARK_MASTER_HOST=127.0.0.1
                SPARK_MASTER_PORT=%d
                SPARK_MASTER_WEBUI_PORT=%d
                SPARK_WORKER_WEBUI_PORT=%d
                SPARK_WORKER_CORES=%d
                SPARK_WORKER_MEMORY=%s
                SPARK_DAEMON_MEMORY=%s
                """.formatted(masterPort, masterWebPort, workerWebPort, workerCores, workerMemory, daemonMemory);
    }

    private JsonNode getJson(String url) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void awaitMasterAlive() {
        awaitState(
                "the Master to be ALIVE at " + masterWebUrl(),
                () -> "ALIVE".equals(masterState().path("status").asText()));
    }

    /** The Master lists a worker as ALIVE once it registered; ours is the one with our Worker's web UI. */
    private void awaitWorkerAlive() {
        awaitState(
                "the Worker to register with the Master",
                () -> StreamSupport.stream(masterState().path("workers").spliterator(), false)
                        .anyMatch(w -> "ALIVE".equals(w.path("state").asText())
                                && w.path("webuiaddress").asText().equals(workerWebUrl())));
    }

    private void awaitState(String what, BooleanSupplier reached) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Process daemon : daemonProcesses()) {
                if (!daemon.isAlive()) {
                    throw new IllegalStateException("a Spark daemon exited with code " + daemon.exitValue()
                            + " while waiting for " + what + "; logs:\n" + serverLogs());
                }
            }
            try {
                if (reached.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the web UI is not up yet
            }
            FlinkRest.sleep(200);
        }
        throw new IllegalStateException(
                "timed out after " + START_TIMEOUT + " waiting for " + what + "; logs:\n" + serverLogs());
    }

    public static final class Builder {
        private int masterPort;
        private int masterWebPort;
        private int workerWebPort;
        private int workerCores = 1;
        private String workerMemory = "1g";
        private String daemonMemory = "256m";
        private Path home;
        private Path jars;

        /** The Master's port ({@code spark://127.0.0.1:PORT}); 0 (default) picks a free one. */
        public Builder masterPort(int port) {
            this.masterPort = port;
            return this;
        }

        /** The Master's web UI port; 0 (default) picks a free one. */
        public Builder masterWebPort(int port) {
            this.masterWebPort = port;
            return this;
        }

        /** The Worker's web UI port; 0 (default) picks a free one. */
        public Builder workerWebPort(int port) {
            this.workerWebPort = port;
            return this;
        }

        /** Cores the Worker offers to executors (default 1). */
        public Builder workerCores(int cores) {
            this.workerCores = cores;
            return this;
        }

        /**
         * Memory the Worker offers to executors, e.g. {@code 1g} (the default: one executor of
         * Spark's default {@code spark.executor.memory}, 1g; an application asking for more waits).
         */
        public Builder workerMemory(String memory) {
            this.workerMemory = memory;
            return this;
        }

        /** Heap of the Master and Worker JVMs ({@code SPARK_DAEMON_MEMORY}; Spark's default 1g, here 256m). */
        public Builder daemonMemory(String memory) {
            this.daemonMemory = memory;
            return this;
        }

        /** The cluster's home (jars/, conf/, logs/, work/); by default a temporary folder removed on close. */
        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        /** The jars/ to use; by default {@link SparkDistribution#jars()}. */
        public Builder jars(Path jars) {
            this.jars = jars;
            return this;
        }

        public SparkStandaloneCluster build() {
            return new SparkStandaloneCluster(this);
        }
    }
}
