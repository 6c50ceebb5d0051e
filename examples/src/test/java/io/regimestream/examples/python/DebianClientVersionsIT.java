package io.regimestream.examples.python;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.examples.python.DebianClients.Finished;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's section on reading the outputs names the clients by version and where Debian puts
 * them: those installed here (Debian's python3 modules and kcat), so a newer Debian fails this
 * test until the README says what was tried with it.
 */
class DebianClientVersionsIT {

    private static final Path README = Path.of("..", "README.md");

    @BeforeAll
    static void debiansClients() {
        DebianClients.requireClients();
    }

    @Test
    void theReadmeNamesThePythonClientsInstalledHere() throws Exception {
        Finished versions = DebianClients.run(
                Duration.ofMinutes(1),
                List.of(
                        DebianClients.INTERPRETER.toString(),
                        "-c",
                        "import confluent_kafka, kafka; print(confluent_kafka.version()[0], confluent_kafka.libversion()[0],"
                                + " kafka.__version__, confluent_kafka.__file__, kafka.__file__)"));
        assertThat(versions.exitCode()).as("%s", versions).isZero();
        String[] v = versions.stdout().strip().split(" ");
        assertThat(Files.readString(README))
                .contains("confluent-kafka " + v[0] + " on librdkafka " + v[1] + " (`python3-confluent-kafka`)")
                .contains("kafka-python " + v[2] + " (`python3-kafka`)");
        assertThat(List.of(v[3], v[4]))
                .allSatisfy(file -> assertThat(file).startsWith("/usr/lib/python3/dist-packages/"));
    }

    @Test
    void theReadmeNamesTheKcatInstalledHere() throws Exception {
        Finished kcat = DebianClients.run(Duration.ofMinutes(1), List.of("kcat", "-V"));
        Matcher version =
                Pattern.compile("Version (\\S+) \\(.*librdkafka (\\S+)").matcher(kcat.stdout());
        assertThat(version.find()).as("%s", kcat).isTrue();
        assertThat(Files.readString(README))
                .contains("kcat " + version.group(1) + " on librdkafka " + version.group(2));
    }
}
