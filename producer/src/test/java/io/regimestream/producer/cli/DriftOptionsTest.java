package io.regimestream.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.producer.sources.SimulatedSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DriftOptionsTest {

    private static DriftOptions parse(String... args) {
        DriftOptions options = new DriftOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void noOptionsNoDrift() {
        assertThat(parse().drift(3)).isNull();
        assertThat(parse().given()).isFalse();
    }

    @Test
    void theFirstMachineDriftsUnlessAnotherIsNamed() {
        assertThat(parse("--drift-after", "30s").drift(3))
                .isEqualTo(new SimulatedSource.Drift(Duration.ofSeconds(30), "press-01"));
        assertThat(parse("--drift-after", "2m", "--drift-machine", "press-03").drift(3))
                .isEqualTo(new SimulatedSource.Drift(Duration.ofMinutes(2), "press-03"));
    }

    @Test
    void aMachineWithoutATimeIsRefusedNamingTheMissingOption() {
        DriftOptions options = parse("--drift-machine", "press-02");
        assertThat(options.given()).isTrue();
        assertThatThrownBy(() -> options.drift(3))
                .hasMessage("--drift-machine needs --drift-after (when the machine starts to drift)");
    }

    @Test
    void theProducersHelpShowsTheDriftOptions() {
        assertThat(ProduceCommand.commandLine().getUsageMessage())
                .contains("--drift-after", "--drift-machine", "51 °C");
    }
}
