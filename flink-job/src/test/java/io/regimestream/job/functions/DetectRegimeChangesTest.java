package io.regimestream.job.functions;

import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.RegimeChange;
import io.regimestream.job.records.ScoredReading;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keyed regime-change detector alone, in Flink's operator test harness. */
class DetectRegimeChangesTest {

    private static final long T0 = 1_764_213_600_000L;

    @Test
    void aChangeIsReportedOnceTheNewRegimeHoldsForTheDebounceCountAndShortExcursionsAreIgnored() throws Exception {
        try (var harness = harness(3)) {
            // regimes of press-01, one reading a second: a 1-reading blip to 1, a real move to 2, a 2-reading
            // blip to 1 cut short by 3 (which then holds), and a last 0 that has not held yet.
            int[] regimes = {0, 0, 0, 1, 0, 0, 2, 2, 2, 2, 1, 1, 3, 3, 3, 0};
            double[] confidences = {.9, .9, .9, .6, .9, .9, .7, .8, .9, .9, .6, .6, .8, .9, 1.0, .9};
            for (int i = 0; i < regimes.length; i++) {
                harness.processElement(scored("press-01", T0 + i * 1000L, regimes[i], confidences[i]), i);
                harness.processElement(scored("press-02", T0 + i * 1000L, 1, 0.9), i); // steady: never a change
            }

            assertThat(harness.extractOutputValues()).containsExactly(
                    new RegimeChange("press-01", 0, 2, T0 + 6000, (0.7 + 0.8 + 0.9) / 3, 3, "v1"),
                    new RegimeChange("press-01", 2, 3, T0 + 12000, (0.8 + 0.9 + 1.0) / 3, 3, "v1"));
        }
    }

    @Test
    void withADebounceOfOneEveryChangeIsReportedAtOnce() throws Exception {
        try (var harness = harness(1)) {
            for (int regime : new int[]{0, 1, 1, 0}) {
                harness.processElement(scored("m", T0 + regime, regime, 0.9), 0);
            }
            assertThat(harness.extractOutputValues()).extracting(c -> c.fromRegime() + "->" + c.toRegime())
                    .containsExactly("0->1", "1->0");
        }
    }

    @Test
    void theDebounceCountMustBePositive() {
        assertThatThrownBy(() -> new DetectRegimeChanges(0)).hasMessageContaining("--regime-change-readings");
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ScoredReading, RegimeChange> harness(int debounce)
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new DetectRegimeChanges(debounce),
                s -> s.prediction().machineId(), Types.STRING);
    }

    private static ScoredReading scored(String machine, long time, int regime, double confidence) {
        double[] probabilities = new double[4];
        probabilities[regime] = confidence;
        return new ScoredReading(new Prediction(machine, time, 40 + regime * 8, regime, confidence, probabilities, "v1",
                time + 5), 0, 0);
    }

}
