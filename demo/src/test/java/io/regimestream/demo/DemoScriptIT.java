package io.regimestream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.localservices.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/demo} as a user starts it (the script, its JVM, the demo's own log4j2.xml): the
 * terminal shows the demo's lines and nothing of Log4j's internals. Real embedded Kafka broker,
 * the job on a MiniCluster, the producer.
 */
class DemoScriptIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** A line of Log4j's status logger: ISO instant, thread, level, message. */
    private static final Pattern STATUS_LINE =
            Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[.,]\\d+Z \\S+ (TRACE|DEBUG|INFO|WARN|ERROR) ");

    @Test
    void theTerminalShowsTheDemoAndNoLog4jStatusLines(@TempDir Path out) throws Exception {
        Path terminal = out.resolve("terminal.txt");
        Process demo = new ProcessBuilder(
                        "/bin/bash",
                        "bin/demo",
                        "--duration",
                        "15s",
                        "--no-influxdb",
                        "--kafka-port",
                        String.valueOf(FreePorts.find()),
                        "--web-port",
                        String.valueOf(FreePorts.find()),
                        "--out",
                        out.toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(terminal.toFile())
                .start();
        boolean ended = demo.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            demo.destroyForcibly().waitFor();
        }
        String text = Files.readString(terminal, StandardCharsets.UTF_8);

        assertThat(ended)
                .as("bin/demo --duration 15s ended; terminal:%n%s", text)
                .isTrue();
        assertThat(demo.exitValue()).as("exit code; terminal:%n%s", text).isZero();
        assertThat(text).contains("summary: ");
        List<String> statusLines =
                text.lines().filter(l -> STATUS_LINE.matcher(l).find()).toList();
        assertThat(statusLines).as("Log4j status lines on the terminal").isEmpty();
        assertThat(text).doesNotContain("argument placeholders");
    }
}
