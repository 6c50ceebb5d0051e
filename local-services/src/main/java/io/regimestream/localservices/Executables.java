package io.regimestream.localservices;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where the programs of Debian packages the local services run are ({@code influxd}, {@code prometheus}). */
final class Executables {

    private Executables() {}

    /** {@code $envVariable} if set, else {@code name} on the PATH, else in /usr/bin or /usr/local/bin; empty when missing. */
    static Optional<Path> find(String envVariable, String name) {
        String env = System.getenv(envVariable);
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        List<String> dirs =
                new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/bin");
        dirs.add("/usr/local/bin");
        return dirs.stream()
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
