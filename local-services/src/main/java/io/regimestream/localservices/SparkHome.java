package io.regimestream.localservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The home of a {@link SparkStandaloneCluster}, laid out like Spark's binary distribution:
 * {@code jars/} (a link to the {@code spark-dist} module's jars), {@code conf/spark-env.sh} (the
 * cluster's settings in Spark's names, which is also how another process finds the cluster again),
 * {@code logs/} (the daemons' and submissions' output) and {@code work/} (each executor's folder).
 */
final class SparkHome {

    private static final Pattern SPARK_CORE_JAR = Pattern.compile("spark-core_(\\d+\\.\\d+)-.*\\.jar");

    private final Path dir;

    SparkHome(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path jars() {
        return dir.resolve("jars");
    }

    Path conf() {
        return dir.resolve("conf");
    }

    Path logs() {
        return dir.resolve("logs");
    }

    Path work() {
        return dir.resolve("work");
    }

    Path sparkEnvSh() {
        return conf().resolve("spark-env.sh");
    }

    /** Links {@code jars/} to {@code sourceJars}, creates the folders and writes {@code settings} to conf/spark-env.sh. */
    void layOut(Path sourceJars, Map<String, String> settings) {
        try {
            if (Files.isSymbolicLink(jars())) {
                Files.delete(jars());
            }
            Files.createSymbolicLink(jars(), sourceJars.toAbsolutePath());
            Files.createDirectories(conf());
            Files.createDirectories(logs());
            Files.createDirectories(work());
            Files.writeString(
                    sparkEnvSh(),
                    "# Written by SparkStandaloneCluster (local-services): this cluster's settings, in Spark's names.\n"
                            + settings.entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue() + "\n")
                                    .collect(Collectors.joining()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the Spark home " + dir, e);
        }
    }

    /** A port written to conf/spark-env.sh under {@code name}, e.g. {@code SPARK_MASTER_PORT}. */
    int port(String name) throws IOException {
        for (String line : Files.readAllLines(sparkEnvSh())) {
            if (line.startsWith(name + "=")) {
                return Integer.parseInt(line.substring(name.length() + 1).trim());
            }
        }
        throw new IllegalStateException(sparkEnvSh() + " has no " + name);
    }

    /** The Scala version of the distribution's spark-core jar, which Spark's launcher needs to be told. */
    String scalaVersion() {
        try (Stream<Path> jars = Files.list(jars())) {
            return jars.map(p -> SPARK_CORE_JAR.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(jars() + " holds no spark-core jar"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + jars(), e);
        }
    }

    /** The stderr of every executor the Worker started for {@code appId} (its launch command, then its log). */
    String executorLogs(String appId) {
        Path appDir = work().resolve(appId);
        if (!Files.isDirectory(appDir)) {
            return "";
        }
        try (Stream<Path> files = Files.walk(appDir, 2)) {
            return files.filter(p -> p.getFileName().toString().equals("stderr"))
                    .sorted()
                    .map(p -> "==> " + dir.relativize(p) + " <==\n" + Processes.readQuietly(p))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + appDir, e);
        }
    }

    /** Where a daemon's output goes, as sbin/spark-daemon.sh names it. */
    Path daemonLog(String name) {
        return logs().resolve("spark-" + name + ".out");
    }

    /** The daemons' output, concatenated (for error messages). */
    String daemonLogs(String... names) {
        return Stream.of(names)
                .map(this::daemonLog)
                .filter(Files::exists)
                .map(p -> "==> " + p.getFileName() + " <==\n" + Processes.readQuietly(p))
                .collect(Collectors.joining("\n"));
    }
}
