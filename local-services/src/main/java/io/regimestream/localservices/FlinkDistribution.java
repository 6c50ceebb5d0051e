package io.regimestream.localservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the {@code lib/} of a Flink distribution is: the jars the {@code flink-dist} module copies
 * from Maven Central into {@code flink-dist/target/flink-dist/lib} at build time (flink-dist itself
 * is not on Maven Central). {@code -Dflink.dist.lib} or {@code FLINK_DIST_LIB} point elsewhere,
 * e.g. at the {@code lib/} of an unpacked binary distribution. Its {@code plugins/} is the folder
 * beside {@code lib/}, as in a distribution.
 */
public final class FlinkDistribution {

    static final String RELATIVE_LIB = "flink-dist/target/flink-dist/lib";

    private FlinkDistribution() {}

    /** The lib folder, found from the property, the variable, or the working folder and its parents. */
    public static Path lib() {
        return BuildFolders.find("flink.dist.lib", "FLINK_DIST_LIB", RELATIVE_LIB)
                .map(FlinkDistribution::requireJars)
                .orElseThrow(
                        () -> new IllegalStateException(
                                "no Flink lib/ found (" + RELATIVE_LIB + " in this folder or above): build it with "
                                        + "`./mvnw -B -pl flink-dist package`, or set -Dflink.dist.lib / FLINK_DIST_LIB to a Flink distribution's lib/"));
    }

    /**
     * The plugin folders beside {@code lib} ({@code plugins/<name>/}, each loaded by Flink in a class
     * loader of its own), sorted by name; none when the distribution has no {@code plugins/}.
     */
    public static List<Path> pluginFolders(Path lib) {
        Path plugins = lib.resolveSibling("plugins");
        if (!Files.isDirectory(plugins)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(plugins)) {
            return folders.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + plugins, e);
        }
    }

    /** The jars of {@code lib}, sorted by name as Flink's own scripts list them. */
    public static List<Path> jars(Path lib) {
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + lib, e);
        }
    }

    private static Path requireJars(Path lib) {
        boolean hasRuntime =
                jars(lib).stream().anyMatch(p -> p.getFileName().toString().startsWith("flink-runtime-"));
        if (!hasRuntime) {
            throw new IllegalStateException(
                    lib + " holds no flink-runtime jar: build it with `./mvnw -B -pl flink-dist package`");
        }
        return lib;
    }
}
