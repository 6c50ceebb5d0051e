package io.regimestream.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/bench --help} needs nothing the benchmarks themselves need: no Java, no influxd, no Maven build. */
class BenchScriptTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void helpPrintsTheUsageWithoutJavaInfluxdOrABuild(@TempDir Path tools) throws Exception {
        // A PATH with only the two tools the usage is printed with: no java (so no ./mvnw), no influxd.
        for (String tool : new String[] {"dirname", "sed"}) {
            Files.createSymbolicLink(tools.resolve(tool), which(tool));
        }
        ProcessBuilder bench = new ProcessBuilder("/bin/bash", "bin/bench", "--help")
                .directory(ROOT.toFile())
                .redirectErrorStream(true);
        bench.environment().clear();
        bench.environment().put("PATH", tools.toString());
        Process process = bench.start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("bin/bench --help finished")
                .isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("bin/bench --quick", "bin/bench e2e [ARGS]", "BENCH_SKIP_BUILD")
                .doesNotContain("Java is missing", "influxd is missing", "building the benchmarks module", "set -e");
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(tool + " is not on the PATH of this test");
    }
}
