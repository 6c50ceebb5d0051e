package io.regimestream.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.RegimeChange;
import io.regimestream.common.records.RejectReason;
import io.regimestream.job.records.ScoredReading;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PredictionPointsTest {

    private static final long EVENT_MS = 1_764_213_600_123L;
    private final PredictionPoints points = new PredictionPoints();

    @Test
    void aPredictionBecomesAPointWithTagsFieldsAndEventTime() {
        Prediction p = new Prediction(
                "press-01", EVENT_MS, 57.3, 2, 0.9, new double[] {0.01, 0.04, 0.9, 0.05}, "v1", EVENT_MS + 250);

        assertThat(points.toLineProtocol(new ScoredReading(p, 3, 1_000_042)))
                .isEqualTo("machine_regime,machine=press-01,model_version=v1,partition=3,regime_id=2 "
                        + "temperature=57.3,regime=2i,confidence=0.9,probability0=0.01,probability1=0.04,"
                        + "probability2=0.9,probability3=0.05,lag_ms=250i,low_confidence=false "
                        + (EVENT_MS * 1_000_000 + 42)); // offset 1,000,042 mod 1,000,000
    }

    @Test
    void twoReadingsOfOneMachineInTheSameMillisecondAreTwoPointsButAReplayIsTheSamePoint() {
        Prediction first = prediction("default", 57.0);
        Prediction second = prediction("default", 41.0);

        String a = points.toLineProtocol(new ScoredReading(first, 0, 100));
        String b = points.toLineProtocol(new ScoredReading(second, 0, 101));
        String replayOfA = points.toLineProtocol(new ScoredReading(first, 0, 100));

        assertThat(time(a)).isNotEqualTo(time(b));
        assertThat(replayOfA).isEqualTo(a);
    }

    @Test
    void offsetsAThousandApartInTheSameMillisecondAreTwoPoints() {
        Prediction first = prediction("default", 57.0);
        Prediction second = prediction("default", 41.0);

        assertThat(time(points.toLineProtocol(new ScoredReading(first, 0, 5))))
                .isNotEqualTo(time(points.toLineProtocol(new ScoredReading(second, 0, 1_005))))
                .isNotEqualTo(time(points.toLineProtocol(new ScoredReading(second, 0, 999_005))));
    }

    @Test
    void theSameOffsetOnAnotherPartitionIsAnotherSeries() {
        String a = points.toLineProtocol(new ScoredReading(prediction("default", 57.0), 0, 5));
        String b = points.toLineProtocol(new ScoredReading(prediction("default", 57.0), 1, 5));

        assertThat(a).contains(",partition=0,");
        assertThat(b).contains(",partition=1,");
        assertThat(time(a)).isEqualTo(time(b));
    }

    @Test
    void machineIdsWithSpacesAndCommasAreEscaped() {
        String line = points.toLineProtocol(new ScoredReading(prediction("press 1,a", 50), 0, 0));
        assertThat(line).startsWith("machine_regime,machine=press\\ 1\\,a,");
    }

    @Test
    void aDeadLetterBecomesACountablePointTaggedWithItsReason() {
        DeadLetter d = new DeadLetter(
                RejectReason.NOT_JSON,
                "not valid JSON",
                "oops".getBytes(StandardCharsets.UTF_8),
                "machine-temperature",
                1,
                7,
                EVENT_MS);

        assertThat(new DeadLetterPoints().toLineProtocol(d))
                .isEqualTo("dead_letter,partition=1,reason=not_json,source_topic=machine-temperature count=1i,bytes=4i "
                        + (EVENT_MS * 1_000_000 + 7));
    }

    @Test
    void aRegimeChangeBecomesAnAnnotationPointOfItsMachine() {
        RegimeChange change = new RegimeChange("press-01", 0, 2, EVENT_MS, 0.95, 3, "v1");

        assertThat(new RegimeChangePoints().toLineProtocol(change))
                .isEqualTo(
                        "regime_change,machine=press-01,model_version=v1 from_regime=0i,to_regime=2i,confidence=0.95,"
                                + "readings=3i,text=\"press-01: regime 0 \u2192 2\" " + EVENT_MS * 1_000_000);
    }

    private static Prediction prediction(String machine, double temperature) {
        return new Prediction(machine, EVENT_MS, temperature, 1, 0.8, new double[] {0.1, 0.8, 0.1}, "v1", EVENT_MS + 5);
    }

    private static String time(String line) {
        return line.substring(line.lastIndexOf(' ') + 1);
    }
}
