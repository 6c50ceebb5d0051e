package io.regimestream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.localservices.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * bin/demo's program, run unattended for a short while: a real embedded Kafka broker, a real
 * influxd, the job on a MiniCluster with its web UI, the producer; then the summary and chart.
 */
class DemoCommandIT {

    @TempDir
    Path out;

    @Test
    void runsTheWholePipelineAndEndsWithCountsAndAChart() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            exit = DemoCommand.commandLine()
                    .execute(
                            "--duration",
                            "20s",
                            "--rate",
                            "20",
                            "--bad-every",
                            "10",
                            "--drift-after",
                            "10s",
                            "--model",
                            "../model-artifacts/model.pmml",
                            "--kafka-port",
                            String.valueOf(FreePorts.find()),
                            "--web-port",
                            String.valueOf(FreePorts.find()),
                            "--influxdb-port",
                            String.valueOf(FreePorts.find()),
                            "--out",
                            out.toString());
        } finally {
            System.setOut(original);
        }
        String text = console.toString(StandardCharsets.UTF_8);
        original.println(text);

        assertThat(exit).as("exit code; output:%n%s", text).isZero();
        assertThat(text).contains("Machines:      simulation of 3 machines", "press-01 drifts +51 °C after 10s");
        String summary =
                text.lines().filter(l -> l.startsWith("summary: ")).findFirst().orElseThrow();
        assertThat(count(summary, "produced")).isPositive();
        assertThat(count(summary, "scored")).isPositive();
        assertThat(count(summary, "deadLetters")).isPositive();
        assertThat(count(summary, "pointsWritten")).isPositive();
        assertThat(ImageIO.read(out.resolve("regimes.png").toFile())).isNotNull();
        // No checkpoint setting given: checkpoints were files in the --out folder, not JobManager memory.
        assertThat(text)
                .contains("Flink state:   checkpoints "
                        + out.resolve("checkpoints").toUri() + " (a folder per job), " + "savepoints "
                        + out.resolve("savepoints").toUri());
        try (var jobs = Files.list(out.resolve("checkpoints"))) {
            assertThat(jobs.map(p -> p.getFileName().toString()).toList())
                    .as("the job's checkpoint folder")
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .matches("[0-9a-f]{32}");
        }
    }

    @Test
    void aPortInUseIsNamedWithTheOptionThatChangesIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CommandLine cli = DemoCommand.commandLine();
            java.io.StringWriter err = new java.io.StringWriter();
            cli.setErr(new java.io.PrintWriter(err));
            int exit = cli.execute("--kafka-port", String.valueOf(taken.getLocalPort()), "--duration", "5s");
            assertThat(exit).isNotZero();
            assertThat(err.toString()).contains("port " + taken.getLocalPort()).contains("--kafka-port");
        }
    }

    private static long count(String summary, String name) {
        for (String part : summary.substring("summary: ".length()).split(" ")) {
            if (part.startsWith(name + "=")) {
                return Long.parseLong(part.substring(name.length() + 1));
            }
        }
        throw new AssertionError(name + " missing in " + summary);
    }
}
