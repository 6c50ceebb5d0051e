package io.regimestream.localservices;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bin/cluster as a user runs it: {@link FlinkClusterCommand} in a JVM of its own, with the class
 * path bin/cluster uses ({@code target/classes} and {@code target/classpath.txt}), in a process
 * group of its own, so that {@link #pressCtrlC()} reaches it and every process it started, as
 * Ctrl-C in a terminal does.
 */
final class ClusterCommandProcess {

    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private ClusterCommandProcess(Process process) {
        this.process = process;
        Thread pump = new Thread(this::collect, "bin-cluster-output");
        pump.setDaemon(true);
        pump.start();
    }

    static ClusterCommandProcess start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "setsid",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                Path.of("target", "classes").toAbsolutePath() + ":"
                        + Files.readString(Path.of("target", "classpath.txt")).trim(),
                FlinkClusterCommand.class.getName()));
        command.addAll(List.of(args));
        return new ClusterCommandProcess(
                new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Runs the command to its end (at most {@code timeout}) and returns what it printed. */
    static String run(Duration timeout, String... args) throws IOException {
        ClusterCommandProcess command = start(args);
        int exitCode = command.awaitExit(timeout);
        if (exitCode != 0) {
            throw new AssertionError(
                    "bin/cluster " + String.join(" ", args) + " exited with " + exitCode + ":\n" + command.output());
        }
        return command.output();
    }

    /** The first group of the first line that matches, waiting up to {@code timeout} for it. */
    Optional<String> awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (lines) {
                for (String line : lines) {
                    Matcher m = pattern.matcher(line);
                    if (m.find()) {
                        return Optional.of(m.groupCount() > 0 ? m.group(1) : m.group());
                    }
                }
                lines.wait(200);
            }
        }
        return Optional.empty();
    }

    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError("bin/cluster did not end within " + timeout + "; it printed:\n" + output());
            }
            Thread.sleep(200); // the pump's last lines
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** SIGINT to the command's whole process group, as Ctrl-C in its terminal. */
    void pressCtrlC() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", "--", "-" + process.pid())
                .inheritIO()
                .start()
                .waitFor();
    }

    /** Ends the command and its process group, for the clean-up of a failed test. */
    void kill() {
        if (process.isAlive()) {
            try {
                new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid())
                        .start()
                        .waitFor();
            } catch (IOException | InterruptedException ignored) {
                process.destroyForcibly();
            }
        }
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    private void collect() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException ended) {
            // the process is gone
        }
    }
}
