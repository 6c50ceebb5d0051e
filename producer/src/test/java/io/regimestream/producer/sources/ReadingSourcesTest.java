package io.regimestream.producer.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.regimestream.common.records.Reading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingSourcesTest {

    private static final List<Reading> FILE =
            List.of(new Reading("a", 1_000, 40.0), new Reading("b", Reading.NO_TIMESTAMP, 50.0));

    @Test
    void replaysOnceInOrderThenEnds() {
        ReplaySource source = new ReplaySource(FILE, false, false, "f");
        assertThat(drain(source, 10)).containsExactlyElementsOf(FILE);
    }

    @Test
    void loopStartsOverAtTheEnd() {
        ReplaySource source = new ReplaySource(FILE, true, false, "f");
        assertThat(drain(source, 5)).containsExactly(FILE.get(0), FILE.get(1), FILE.get(0), FILE.get(1), FILE.get(0));
    }

    @Test
    void restampDropsTheFilesTimestampsSoTheSendTimeIsUsed() {
        ReplaySource source = new ReplaySource(FILE, false, true, "f");
        assertThat(drain(source, 10)).extracting(Reading::timestamp).containsOnly(Reading.NO_TIMESTAMP);
        assertThat(new ReplaySource(FILE, false, true, "f").next().temperature())
                .isEqualTo(40.0);
    }

    @Test
    void anEmptyReplayIsRefused() {
        assertThatThrownBy(() -> new ReplaySource(List.of(), false, false, "empty.json"))
                .hasMessage("empty.json: no readings to replay");
    }

    @Test
    void simulatedReadingsComeFromEachMachineInTurnWithoutTimestamps() {
        SimulatedSource source = new SimulatedSource(3, 7);
        List<Reading> readings = drain(source, 6);
        assertThat(readings)
                .extracting(Reading::machineId)
                .containsExactly("press-01", "press-02", "press-03", "press-01", "press-02", "press-03");
        assertThat(readings).extracting(Reading::timestamp).containsOnly(Reading.NO_TIMESTAMP);
        assertThat(source.describe()).contains("3 machines", "press-01..press-03", "seed 7");
    }

    @Test
    void theDriftingMachineLeavesTheTrainingRangeOnceItsTimeHasCome() {
        long[] now = {1_000_000_000L};
        SimulatedSource source =
                new SimulatedSource(3, 7, new SimulatedSource.Drift(Duration.ofSeconds(30), "press-02"), () -> now[0]);
        SimulatedSource undrifted = new SimulatedSource(3, 7);
        List<Reading> early = drain(source, 300);
        assertThat(early).extracting(Reading::temperature).allMatch(t -> t < 75, "all within the regimes' range");
        assertThat(early).isEqualTo(drain(undrifted, 300));
        assertThat(source.drifting()).isFalse();

        now[0] += Duration.ofSeconds(30).toNanos();
        List<Reading> late = drain(source, 300);
        List<Reading> undriftedLate = drain(undrifted, 300);
        assertThat(source.drifting()).isTrue();
        for (int i = 0; i < late.size(); i++) {
            Reading r = late.get(i);
            double expected =
                    undriftedLate.get(i).temperature() + (r.machineId().equals("press-02") ? 51.0 : 0.0);
            assertThat(r.temperature()).as("reading %d of %s", i, r.machineId()).isCloseTo(expected, within(1e-9));
        }
        assertThat(late)
                .filteredOn(r -> r.machineId().equals("press-02"))
                .extracting(Reading::temperature)
                .allMatch(t -> t > 85 && t < 150, "above the hottest regime, still plausible");
        assertThat(source.describe()).contains("press-02 drifts +51 °C after 30s");
    }

    @Test
    void aDriftOfAMachineTheFleetDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> new SimulatedSource(
                        3, 7, new SimulatedSource.Drift(Duration.ZERO, "press-04"), System::nanoTime))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the drifting machine press-04 is not one of the simulated machines press-01..press-03");
    }

    private static List<Reading> drain(ReadingSource source, int max) {
        List<Reading> out = new ArrayList<>();
        Reading r;
        while (out.size() < max && (r = source.next()) != null) {
            out.add(r);
        }
        return out;
    }
}
