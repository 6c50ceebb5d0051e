package io.regimestream.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.model.RegimeModel;
import io.regimestream.model.RegimeScore;
import io.regimestream.model.testing.TestModels;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shaded provider jar (target/flink-sql-pmml.jar, built in the package phase) in a separate
 * JVM that has Flink's table jars but neither the provider nor the model code nor JPMML, added
 * with {@code ADD JAR}: it plans and scores as the classes on the class path do.
 */
class ProviderJarIT {

    private static final List<String> NOT_ON_A_CLUSTER = List.of(
            "/flink-sql-pmml/target/classes",
            "/flink-sql-pmml/target/flink-sql-pmml-",
            "/model/target/",
            "/common/target/",
            "/flink-job/target/",
            "/org/jpmml/",
            "/io/regimestream/");

    @Test
    void theJarAddedToASessionScoresAsTheJobDoes() throws Exception {
        Path jar = Path.of("target", "flink-sql-pmml.jar").toAbsolutePath();
        assertThat(jar).as("built by the package phase").isRegularFile();
        Path model = TestModels.committed();
        String[] temperatures = {"41.0", "50.5", "57.3", "63.2", "69.0"};

        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> NOT_ON_A_CLUSTER.stream().noneMatch(entry.replace('\\', '/')::contains))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(Arrays.asList(System.getProperty("sql.it.jvm-opens", "").split(" ")).stream()
                .filter(s -> !s.isBlank())
                .toList());
        command.addAll(List.of(
                "-cp",
                classPath,
                AddJarScoring.class.getName(),
                jar.toString(),
                model.toUri().toString()));
        command.addAll(List.of(temperatures));
        Path output = Files.createTempFile("add-jar", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
                .as("the child JVM ends")
                .isTrue();
        String log = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(log).isZero();

        RegimeModel expected = RegimeModel.load(model.toString());
        List<String> scored = log.lines().filter(l -> l.startsWith("SCORED ")).toList();
        List<String> wanted = Arrays.stream(temperatures)
                .map(Double::parseDouble)
                .map(t -> {
                    RegimeScore score = expected.score(t);
                    return "SCORED " + t + " " + score.regime() + " "
                            + Double.doubleToRawLongBits(score.probabilities()[0]);
                })
                .toList();
        assertThat(scored).as(log).containsExactlyInAnyOrderElementsOf(wanted);
    }
}
