package io.regimestream.job.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shaded job jar users submit to a cluster; packaged before the integration tests run ({@code verify}). */
public final class JobJar {

    private JobJar() {}

    public static Path path() {
        Path jar = Path.of("target", "flink-job.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no job jar at " + jar + ": cluster tests run after `package` "
                    + "(./mvnw -pl flink-job -am verify)");
        }
        return jar;
    }
}
