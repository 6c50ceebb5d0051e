package io.regimestream.examples.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The scripts of {@code examples/python} (and the tests' own) run with Debian's interpreter,
 * {@code /usr/bin/python3}: Debian installs python3-confluent-kafka, python3-kafka and
 * python3-influxdb for it only, and the {@code python3} first on PATH may be another one (pyenv's,
 * a virtualenv's) that does not see them. A missing interpreter or package fails the test with
 * the command that installs it (bin/test runs it); nothing is skipped.
 */
final class DebianClients {

    static final Path INTERPRETER = Path.of("/usr/bin/python3");
    static final String INSTALL =
            "sudo apt-get install python3 python3-confluent-kafka python3-kafka python3-influxdb kcat"
                    + " (bin/test installs them)";

    /** The example scripts, and the tests' Python helpers. */
    static final Path EXAMPLES = Path.of("python").toAbsolutePath();

    static final Path TEST_SCRIPTS = Path.of("src", "test", "python").toAbsolutePath();

    private DebianClients() {}

    /** Fails, naming the install command, unless Debian's python3 has the three client libraries and kcat is there. */
    static void requireClients() {
        assertThat(Files.isExecutable(INTERPRETER))
                .as("Debian's %s is missing: %s", INTERPRETER, INSTALL)
                .isTrue();
        Finished check = run(
                Duration.ofSeconds(60),
                List.of(INTERPRETER.toString(), "-c", "import confluent_kafka, kafka, influxdb"));
        assertThat(check.exitCode())
                .as("%s cannot import the Kafka and InfluxDB clients (%s): %s", INTERPRETER, check.stderr(), INSTALL)
                .isZero();
        Finished kcat = run(Duration.ofSeconds(30), List.of("kcat", "-V"));
        assertThat(kcat.exitCode()).as("kcat: %s", INSTALL).isZero();
    }

    /** A script of {@code examples/python} (or of the tests) with its arguments, as a command line. */
    static List<String> command(Path script, String... args) {
        List<String> command = new ArrayList<>(List.of(INTERPRETER.toString(), script.toString()));
        command.addAll(List.of(args));
        return command;
    }

    static Path example(String name) {
        return EXAMPLES.resolve(name);
    }

    /** {@code produce_readings.py} against the broker at {@code bootstrapServers}. */
    static List<String> producer(String bootstrapServers, String... options) {
        return script("produce_readings.py", bootstrapServers, options);
    }

    /** {@code predictions_to_influxdb.py} reading from the broker at {@code bootstrapServers}. */
    static List<String> writer(String bootstrapServers, String... options) {
        return script("predictions_to_influxdb.py", bootstrapServers, options);
    }

    private static List<String> script(String name, String bootstrapServers, String... options) {
        List<String> command = command(example(name), "--bootstrap-servers", bootstrapServers);
        command.addAll(List.of(options));
        return command;
    }

    /** What a finished process printed, and its exit code. */
    record Finished(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit code " + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    /** Runs {@code command} to its end (killed after {@code timeout}, which fails the test). */
    static Finished run(Duration timeout, List<String> command) {
        return run(timeout, command, Map.of());
    }

    /** The same with these environment variables set. */
    static Finished run(Duration timeout, List<String> command, Map<String, String> environment) {
        return Background.start(command, environment).awaitExit(timeout);
    }

    /** A process running beside the test, its output going to temporary files. */
    static final class Background {
        private final Process process;
        private final Path stdout;
        private final Path stderr;
        private final List<String> command;

        private Background(Process process, Path stdout, Path stderr, List<String> command) {
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
            this.command = command;
        }

        static Background start(List<String> command) {
            return start(command, Map.of());
        }

        static Background start(List<String> command, Map<String, String> environment) {
            try {
                Path stdout = Files.createTempFile("python-stdout", ".txt");
                Path stderr = Files.createTempFile("python-stderr", ".txt");
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(EXAMPLES.toFile())
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile());
                builder.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in the source tree
                builder.environment().putAll(environment);
                Process process = builder.start();
                process.getOutputStream().close();
                return new Background(process, stdout, stderr, command);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command, e);
            }
        }

        /** SIGTERM, as a service manager (or Ctrl-C, for the scripts that treat both alike) stops it. */
        Finished stop(Duration timeout) {
            process.destroy();
            return awaitExit(timeout);
        }

        /** SIGINT, as Ctrl-C in a terminal. */
        Finished interrupt(Duration timeout) {
            try {
                Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
                if (kill.waitFor() != 0) {
                    throw new IllegalStateException("kill -INT " + process.pid() + " failed");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return awaitExit(timeout);
        }

        Finished awaitExit(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("still running after " + timeout + ": " + command + "\n" + finished());
                }
                return finished();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IllegalStateException(e);
            }
        }

        /** What it printed on stderr so far. */
        String stderrSoFar() {
            try {
                return Files.readString(stderr, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean isAlive() {
            return process.isAlive();
        }

        private Finished finished() {
            try {
                Finished f = new Finished(
                        process.isAlive() ? -1 : process.exitValue(),
                        Files.readString(stdout, StandardCharsets.UTF_8),
                        Files.readString(stderr, StandardCharsets.UTF_8));
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
                return f;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
