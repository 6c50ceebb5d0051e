package io.regimestream.producer.sources;

import io.regimestream.common.records.Reading;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadingSourcesTest {

    private static final List<Reading> FILE = List.of(
            new Reading("a", 1_000, 40.0),
            new Reading("b", Reading.NO_TIMESTAMP, 50.0));

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
        assertThat(new ReplaySource(FILE, false, true, "f").next().temperature()).isEqualTo(40.0);
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
        assertThat(readings).extracting(Reading::machineId)
                .containsExactly("press-01", "press-02", "press-03", "press-01", "press-02", "press-03");
        assertThat(readings).extracting(Reading::timestamp).containsOnly(Reading.NO_TIMESTAMP);
        assertThat(source.describe()).contains("3 machines", "press-01..press-03", "seed 7");
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
