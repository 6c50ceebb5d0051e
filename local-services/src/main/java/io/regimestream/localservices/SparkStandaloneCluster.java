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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SparkHome home;
    private final SparkScripts scripts;
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
            this.home = new SparkHome(
                    b.home != null ? Files.createDirectories(b.home) : Files.createTempDirectory("spark-cluster-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cluster's home folder", e);
        }
        this.deleteOnClose = b.home == null;
        this.scripts = new SparkScripts(home, daemonMemory);
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
        home.layOut(sourceJars != null ? sourceJars : SparkDistribution.jars(), sparkEnvSh());
        master = scripts.startDaemon(
                "master",
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(masterPort),
                "--webui-port",
                String.valueOf(masterWebPort));
        awaitMasterAlive();
        worker = scripts.startDaemon(
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
        Processes.writePids(home.dir().resolve("pids"), daemonProcesses());
        LOG.info(
                "Spark standalone cluster ready in {} ms: master {} (web UI {}), one worker with {} core(s) and {}, home {}",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                masterUrl(),
                masterWebUrl(),
                workerCores,
                workerMemory,
                home.dir());
        return this;
    }

    /**
     * The cluster whose home is {@code home}, started earlier by another process (bin/spark-cluster):
     * its ports are read from conf/spark-env.sh; {@link #sparkSubmit}, {@link #masterState()} and
     * {@link #stopStartedProcesses()} work on it.
     */
    public static SparkStandaloneCluster existing(Path home) {
        SparkHome layout = new SparkHome(home);
        try {
            return builder()
                    .home(home)
                    .masterPort(layout.port("SPARK_MASTER_PORT"))
                    .masterWebPort(layout.port("SPARK_MASTER_WEBUI_PORT"))
                    .workerWebPort(layout.port("SPARK_WORKER_WEBUI_PORT"))
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no Spark cluster in " + home + " (" + layout.sparkEnvSh() + " cannot be read): start one first",
                    e);
        }
    }

    /** Ends the Master and Worker listed in this home's pid file (SIGTERM, then SIGKILL after 15 s); returns how many ran. */
    public int stopStartedProcesses() {
        return Processes.stopListedIn(home.dir().resolve("pids"));
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
        return home.dir();
    }

    public Path confDir() {
        return home.conf();
    }

    public Path logDir() {
        return home.logs();
    }

    /** The Worker's work folder: {@code <app-id>/<executor-id>/stderr} of every executor it started. */
    public Path workDir() {
        return home.work();
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
        int exitCode = scripts.submit(
                List.of(args), Redirect.appendTo(output.toFile()), Map.of("SPARK_PRINT_LAUNCH_COMMAND", "1"));
        return new SubmitResult(exitCode, Processes.readQuietly(output));
    }

    /** {@link #sparkSubmit}, printing to this process's console as it goes (bin/spark-cluster); returns the exit code. */
    public int sparkSubmitToConsole(String... args) {
        return scripts.submit(List.of(args), Redirect.INHERIT, Map.of());
    }

    /** The stderr of every executor the Worker started for {@code appId} (its launch command, then its log). */
    public String executorLogs(String appId) {
        return home.executorLogs(appId);
    }

    /** The Master's and the Worker's output, concatenated (for error messages). */
    public String serverLogs() {
        return home.daemonLogs("master", "worker");
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
            LocalFiles.deleteRecursively(home.dir());
        }
    }

    /**
     * This cluster's settings under the names Spark's scripts read from conf/spark-env.sh (the
     * processes get them as arguments and environment, see {@link SparkScripts}); also how
     * {@link #existing} finds the ports again.
     */
    private Map<String, String> sparkEnvSh() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("SPARK_LOCAL_IP", "127.0.0.1");
        settings.put("SPARK_MASTER_HOST", "127.0.0.1");
        settings.put("SPARK_MASTER_PORT", String.valueOf(masterPort));
        settings.put("SPARK_MASTER_WEBUI_PORT", String.valueOf(masterWebPort));
        settings.put("SPARK_WORKER_WEBUI_PORT", String.valueOf(workerWebPort));
        settings.put("SPARK_WORKER_CORES", String.valueOf(workerCores));
        settings.put("SPARK_WORKER_MEMORY", workerMemory);
        settings.put("SPARK_DAEMON_MEMORY", daemonMemory);
        return settings;
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
