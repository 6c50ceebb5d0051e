package io.regimestream.localservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts JVMs in a {@link SparkHome} as Spark's scripts do, without the scripts:
 * {@code bin/spark-class} (Spark's launcher, {@code org.apache.spark.launcher.Main}, builds every
 * command line, so each JVM gets the class path and Java 17 options a real distribution gives it),
 * {@code sbin/spark-daemon.sh} (a daemon in the home, its output in logs/) and {@code bin/spark-submit}.
 */
final class SparkScripts {

    private static final Logger LOG = LoggerFactory.getLogger(SparkScripts.class);

    private static final String LAUNCHER = "org.apache.spark.launcher.Main";
    /** A whole application in client mode; training on a loaded 2-core machine takes minutes. */
    private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(20);

    private final SparkHome home;
    private final String daemonMemory;

    SparkScripts(SparkHome home, String daemonMemory) {
        this.home = home;
        this.daemonMemory = daemonMemory;
    }

    /** {@code sbin/spark-daemon.sh start}: the daemon runs in the home, its .out starts with its command line. */
    Process startDaemon(String name, String mainClass, String... args) {
        Path log = home.daemonLog(name);
        Launch launch = launch(
                mainClass, List.of(args), Redirect.appendTo(log.toFile()), Map.of("SPARK_PRINT_LAUNCH_COMMAND", "1"));
        if (launch.exitCode() != 0) {
            throw new IllegalStateException("Spark's launcher could not build the " + name + "'s command (exit "
                    + launch.exitCode() + "):\n" + Processes.readQuietly(log));
        }
        Process process = start(launch.command(), Redirect.appendTo(log.toFile()), home.dir());
        LOG.info("started the Spark {} (pid {})", name, process.pid());
        return process;
    }

    /**
     * {@code bin/spark-submit <args>}: the driver runs in this process's working folder, so relative
     * paths in {@code args} work as in a shell; in client mode the application runs to its end.
     * @return the exit code of the launcher if it failed, else the driver's
     */
    int submit(List<String> args, Redirect output, Map<String, String> extraEnvironment) {
        Launch launch = launch("org.apache.spark.deploy.SparkSubmit", args, output, extraEnvironment);
        if (launch.exitCode() != 0) {
            return launch.exitCode();
        }
        Process driver = start(launch.command(), output, null);
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

    /** A command line Spark's launcher printed, or the launcher's failure. */
    private record Launch(int exitCode, List<String> command) {}

    /**
     * Asks Spark's launcher for the command line of {@code mainClass}, as {@code bin/spark-class}
     * does: the launcher prints its messages, then a NUL and a newline, then the command's arguments,
     * each ended by a NUL. Its messages and errors go to {@code output}.
     */
    private Launch launch(String mainClass, List<String> args, Redirect output, Map<String, String> extraEnvironment) {
        List<String> command =
                new ArrayList<>(List.of(javaExecutable(), "-Xmx128m", "-cp", home.jars() + "/*", LAUNCHER));
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

    private Process start(List<String> command, Redirect output, Path workingDirectory) {
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
        environment.put("SPARK_HOME", home.dir().toString());
        environment.put("SPARK_CONF_DIR", home.conf().toString());
        environment.put("SPARK_SCALA_VERSION", home.scalaVersion());
        environment.put("SPARK_LOCAL_IP", "127.0.0.1");
        environment.put("SPARK_DAEMON_MEMORY", daemonMemory);
        environment.put("JAVA_HOME", System.getProperty("java.home"));
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
