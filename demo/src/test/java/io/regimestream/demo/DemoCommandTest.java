package io.regimestream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.records.Reading;
import io.regimestream.producer.sources.SimulatedSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** bin/demo's options that shape what the simulated machines send; nothing is started. */
class DemoCommandTest {

    private static SimulatedSource sourceOf(String... args) {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs(args);
        return demo.simulatedSource();
    }

    @Test
    void driftAfterReachesTheProducersSimulatedMachines() {
        SimulatedSource source = sourceOf("--machines", "2", "--drift-after", "0s", "--drift-machine", "press-02");
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            readings.add(source.next());
        }
        assertThat(source.drifting()).isTrue();
        assertThat(readings)
                .filteredOn(r -> r.machineId().equals("press-02"))
                .extracting(Reading::temperature)
                .hasSize(20)
                .allMatch(t -> t > 85, "out of the training range");
        assertThat(readings)
                .filteredOn(r -> r.machineId().equals("press-01"))
                .extracting(Reading::temperature)
                .allMatch(t -> t < 75, "in the training range");
        assertThat(source.describe()).contains("press-02 drifts +51 °C after 0s");
    }

    @Test
    void theFirstMachineDriftsUnlessAnotherIsNamed() {
        assertThat(sourceOf("--drift-after", "30s").describe()).contains("press-01 drifts +51 °C after 30s");
        assertThat(sourceOf().describe()).doesNotContain("drifts");
        assertThat(sourceOf().next().temperature()).isLessThan(75);
    }

    @Test
    void aWrongDriftOptionIsOneLineAndNothingStarts() {
        for (String[] args : List.of(
                new String[] {"--drift-after", "5s", "--drift-machine", "press-07"},
                new String[] {"--drift-machine", "press-02"})) {
            StringWriter err = new StringWriter();
            CommandLine cli = DemoCommand.commandLine();
            cli.setErr(new PrintWriter(err, true));
            assertThat(cli.execute(args)).isEqualTo(2);
            assertThat(err.toString())
                    .startsWith("error: ")
                    .containsPattern("press-07 is not one of|needs --drift-after");
        }
    }

    @Test
    void helpShowsTheDriftOptions() {
        StringWriter out = new StringWriter();
        CommandLine cli = DemoCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("--drift-after", "--drift-machine");
    }
}
