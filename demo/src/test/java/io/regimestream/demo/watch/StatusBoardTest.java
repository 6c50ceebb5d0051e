package io.regimestream.demo.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.records.ModelDrift;
import io.regimestream.common.records.Prediction;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusBoardTest {

    @Test
    void theBoardShowsWhichMachinesDriftedAndByHowMuch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StatusBoard board = new StatusBoard(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, "demo");
        Prediction ok = new Prediction("press-01", 1, 40.1, 0, 0.99, new double[] {0.99, 0.01}, "v1", 2);
        Prediction hot = new Prediction("press-02", 1, 85.0, 1, 0.99, new double[] {0.01, 0.99}, "v1", 2);
        ModelDrift drift = new ModelDrift(
                "press-02", "1/2", 0, 60_000, 180, 4.21, 0.62, 0.0, 12.5, true, true, 0.2, 0.05, "v1", false);

        board.show(
                new StatusBoard.Counts(10, 10, 0, 10, true),
                Map.of("press-01", ok, "press-02", hot),
                Map.of("press-02", drift),
                61);

        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown.lines().filter(l -> l.contains("press-02")))
                .singleElement()
                .asString()
                .contains("DRIFT since ", ": 62% out of range, psi 4.21");
        assertThat(shown.lines().filter(l -> l.contains("press-01")))
                .singleElement()
                .asString()
                .endsWith(" -");
    }

    @Test
    void aClearedDriftSaysSoWithTheModelItClearedUnder() {
        ModelDrift cleared = new ModelDrift(
                "press-02", "1/2", 0, 60_000, 180, 0.31, 0.0, 0.0, 0.5, false, false, 0.2, 0.05, "k5-abc", true);
        assertThat(StatusBoard.drift(cleared))
                .startsWith("drift cleared ")
                .contains("(model k5-abc): 0% out of range, psi 0.31")
                .doesNotContain("DRIFT");
    }
}
