package io.regimestream.localservices;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A folder this build makes for the local services (a Flink lib/, a Spark jars/), found the same
 * way for each: a system property, else an environment variable, else {@code relative} in the
 * working folder or one of its parents (tests run in a module's folder, bin/ scripts at the root).
 */
final class BuildFolders {

    private BuildFolders() {}

    static Optional<Path> find(String property, String environmentVariable, String relative) {
        String configured = System.getProperty(property, System.getenv(environmentVariable));
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        return findUpwards(relative);
    }

    /** {@code relative} (a folder) in the working folder or the nearest of its parents that has it. */
    static Optional<Path> findUpwards(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
