package io.regimestream.benchmarks.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TailAttributionTest {

    /** A reading sent at {@code stamp}, in the broker 2 ms later, scored 3 ms after that, out 5 ms after scoring. */
    private static LatencySample sample(long stamp, long extraInJob) {
        return new LatencySample(
                stamp, stamp + 2, stamp + 5 + extraInJob, stamp + 10 + extraInJob, stamp + 12 + extraInJob);
    }

    @Test
    void theTailThatOverlapsAStopMoreOftenThanAllRecordsPointsAtIt() {
        List<LatencySample> samples = new ArrayList<>();
        for (long t = 0; t < 10_000; t += 10) {
            // readings sent while the job stood still (4,000-4,099 ms) waited in it for the stop to end
            samples.add(t >= 4_000 && t < 4_100 ? sample(t, 4_100 - t) : sample(t, 0));
        }
        Map<String, List<TailAttribution.Event>> events = Map.of(
                "jobStop", List.of(new TailAttribution.Event(4_000, 4_099)),
                "checkpoint", List.of(new TailAttribution.Event(9_000, 9_005)));

        TailAttribution tail = TailAttribution.of(samples, LatencySample.Clock.OUTPUT_APPEND, 10, events);

        assertThat(tail.tailRecords()).isEqualTo(10);
        assertThat(tail.overlaps().get("jobStop").tail()).isEqualTo(1.0);
        assertThat(tail.overlaps().get("jobStop").all()).isEqualTo(11 / 1000.0); // + the reading sent just before
        assertThat(tail.overlaps().get("checkpoint").tail()).isZero();
        assertThat(tail.allStages())
                .containsEntry("loaderToInputAppend", 2.0)
                .containsEntry("scoredToOutputAppend", 5.0);
        assertThat(tail.tailStages().get("inputAppendToScored"))
                .isGreaterThan(tail.allStages().get("inputAppendToScored"));
        assertThat(tail.tailStages()).containsEntry("loaderToInputAppend", 2.0);
    }

    @Test
    void stagesTheSamplesDoNotCarryAreLeftOut() {
        List<LatencySample> compact = List.of(new LatencySample(0, 2, -1, 9, 11), new LatencySample(1, -1, -1, 10, 12));

        Map<String, Double> stages = TailAttribution.stages(compact);

        assertThat(stages)
                .containsEntry("loaderToInputAppend", 2.0)
                .containsEntry("inputAppendToOutputAppend", 7.0)
                .containsEntry("outputAppendToRead", 2.0)
                .doesNotContainKeys("inputAppendToScored", "scoredToOutputAppend");
    }

    @Test
    void exactlyOnceIsMeasuredToTheReader() {
        LatencySample s = new LatencySample(100, 102, 105, 110, 190);

        assertThat(s.latency(LatencySample.Clock.OUTPUT_APPEND)).isEqualTo(10);
        assertThat(s.latency(LatencySample.Clock.READER)).isEqualTo(90);
    }
}
