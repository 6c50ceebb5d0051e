package io.regimestream.job.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata.RegimeSummary;
import io.regimestream.common.model.ModelMetadata.TrainingDistribution;
import io.regimestream.common.records.ModelDrift;
import io.regimestream.job.functions.RegimeTracks;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.ModelHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

/** The window arithmetic of {@link DriftMonitor} and the PSI formula, against values worked out by hand. */
class DriftMonitorTest {

    /** Training temperatures uniform on [0, 10]: cut points 1..9, each bin a tenth. */
    static final DriftBaseline UNIFORM = new DriftBaseline(
            new TrainingDistribution(1000, 0, 10, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}),
            List.of(new RegimeSummary(0, 2, 1, 500), new RegimeSummary(1, 8, 2, 500)));
    /** Window 2 s: slots of 1 s, boundaries at whole seconds. */
    static final DriftSettings SETTINGS = new DriftSettings(Duration.ofSeconds(2), 10, 0.2, 0.05);

    static final long T0 = 1_764_000_000_000L; // a whole second

    final List<JobOutput> out = new ArrayList<>();

    @Test
    void psiOfAnEvenSpreadIsZero() {
        int[] counts = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10};
        assertThat(DriftReference.psi(counts, 0, -1, 100)).isCloseTo(0.0, offset(1e-15));
    }

    @Test
    void psiSmoothsEmptyBinsAndMatchesTheHandComputedValue() {
        // counts 4,4,2,2,2,2,1,1,1,1 (N = 20); a_i = (n_i + 0.5) / 25 = .18 .18 .1 .1 .1 .1 .06 .06 .06 .06
        // PSI = 2 * (.18 - .1) ln(1.8) + 4 * 0 + 4 * (.06 - .1) ln(.6) = .16 * .5877867 + .16 * .5108256 = .1757780
        int[] counts = {4, 4, 2, 2, 2, 2, 1, 1, 1, 1};
        assertThat(DriftReference.psi(counts, 0, -1, 20)).isCloseTo(0.1757780, offset(1e-7));
        // all 100 readings in one bin: a_0 = 100.5/105, the 9 others 0.5/105, each finite
        // PSI = (.957143 - .1) ln(9.57143) + 9 (.0047619 - .1) ln(.047619) = 1.935886 + 2.609804 = 4.545690
        int[] oneBin = {100, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(DriftReference.psi(oneBin, 0, -1, 100)).isCloseTo(4.545690, offset(1e-6));
    }

    @Test
    void psiAddsTheWindowsTwoHalves() {
        int[] halves = {2, 2, 1, 1, 1, 1, 0, 0, 0, 0, 9, 9, 9, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1};
        assertThat(DriftReference.psi(halves, 0, 13, 20)).isCloseTo(0.1757780, offset(1e-7));
    }

    @Test
    void aReadingFallsInTheBinWhoseUpperCutPointIsAtLeastIt() {
        DriftReference ref = new DriftReference(UNIFORM);
        assertThat(ref.bin(-3)).isZero();
        assertThat(ref.bin(1.0)).isZero();
        assertThat(ref.bin(1.01)).isEqualTo(1);
        assertThat(ref.bin(5.5)).isEqualTo(5);
        assertThat(ref.bin(9.0)).isEqualTo(8);
        assertThat(ref.bin(42)).isEqualTo(9);
        DriftReference ties = new DriftReference(new DriftBaseline(
                new TrainingDistribution(10, 0, 10, new double[] {1, 2, 2, 2, 5, 6, 7, 8, 9}), List.of()));
        assertThat(ties.bin(2.0)).isEqualTo(1);
        assertThat(ties.bin(2.5)).isEqualTo(4);
        assertThat(ref.outOfRange(-0.1)).isTrue();
        assertThat(ref.outOfRange(10)).isFalse();
        assertThat(ref.outOfRange(10.1)).isTrue();
        // nearest centroid in spreads: |3 - 2| / 1 = 1 beats |3 - 8| / 2 = 2.5; at 6: 4 / 1 vs 2 / 2 = 1
        assertThat(ref.centroidDistance(3)).isEqualTo(1.0);
        assertThat(ref.centroidDistance(6)).isEqualTo(1.0);
        assertThat(ref.centroidDistance(8)).isEqualTo(0.0);
    }

    @Test
    void aWindowOfReadingsLikeTheTrainingDataHasItsFiguresAndNoEvent() {
        DriftMonitor monitor = monitor(UNIFORM);
        // 20 readings, two in each bin, in the first second; 2 of them low-confidence
        for (int i = 0; i < 20; i++) {
            observe(monitor, "m1", 0.5 + (i % 10), i < 2, T0 + 10 + i, out::add);
        }
        monitor.advance(T0 + 1_000, out::add);

        ModelHealth m1 = health("m1");
        assertThat(m1.readings()).isEqualTo(20);
        assertThat(m1.windowStart()).isEqualTo(T0); // the monitor started at T0: the first window is half a window
        assertThat(m1.windowEnd()).isEqualTo(T0 + 1_000);
        assertThat(m1.psi()).isCloseTo(0.0, offset(1e-12));
        assertThat(m1.outOfRangeShare()).isEqualTo(0.0);
        assertThat(m1.lowConfidenceShare()).isEqualTo(0.1);
        // distances of 0.5, 1.5, ... 9.5 (x2): to 2/1 -> 1.5 .5 .5 1.5; then to 8/2 -> 2.5/2? no: min(|x-2|, |x-8|/2)
        double sum = 0;
        for (int i = 0; i < 10; i++) {
            double x = 0.5 + i;
            sum += Math.min(Math.abs(x - 2), Math.abs(x - 8) / 2);
        }
        assertThat(m1.meanCentroidDistance()).isCloseTo(sum / 10, offset(1e-12));
        assertThat(health(null).readings()).isEqualTo(20); // the task's overall series
        assertThat(events()).isEmpty();
    }

    @Test
    void aShiftedMachineRaisesOneEventWhenDriftBeginsClearsItOnceBackUnderAndRaisesAnotherAfterThat() {
        DriftMonitor monitor = monitor(UNIFORM);
        for (int i = 0; i < 20; i++) { // half of them above the training range: PSI and out-of-range both crossed
            observe(monitor, "m1", i % 2 == 0 ? 0.5 + (i % 10) : 12, false, T0 + 10 + i, out::add);
        }
        monitor.advance(T0 + 1_000, out::add);
        // the machine's series and the task's overall one (here the same readings)
        assertThat(events()).extracting(ModelDrift::machineId).containsExactly("m1", null);
        assertThat(events().get(0)).satisfies(e -> {
            assertThat(e.crossed()).containsExactly(ModelDrift.PSI, ModelDrift.OUT_OF_RANGE);
            assertThat(e.outOfRangeShare()).isEqualTo(0.5);
            assertThat(e.readings()).isEqualTo(20);
            assertThat(e.windowStart()).isEqualTo(T0);
            assertThat(e.windowEnd()).isEqualTo(T0 + 1_000);
            assertThat(e.modelVersion()).isEqualTo("v1");
            assertThat(e.task()).isEqualTo("1/1");
        });
        assertThat(events().get(1).task()).isEqualTo("1/1");

        out.clear();
        for (int i = 0;
                i < 20;
                i++) { // still drifting in the next window (its older half is the shifted one): no new event
            observe(monitor, "m1", 12, false, T0 + 1_010 + i, out::add);
        }
        monitor.advance(T0 + 2_000, out::add);
        assertThat(health("m1").outOfRangeShare()).isEqualTo(30 / 40.0);
        assertThat(events()).isEmpty();

        out.clear();
        for (int s = 2; s < 4; s++) { // two halves like the training data: back under both thresholds
            for (int i = 0; i < 40; i++) {
                observe(monitor, "m1", 0.5 + (i % 10), false, T0 + s * 1_000 + 10 + i, out::add);
            }
            monitor.advance(T0 + (s + 1) * 1_000, out::add);
        }
        assertThat(health("m1").psi()).isCloseTo(0.0, offset(1e-12));
        assertThat(events())
                .as("one cleared event per series, at the first window back under both thresholds")
                .extracting(ModelDrift::machineId, ModelDrift::cleared, ModelDrift::windowEnd)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("m1", true, T0 + 4_000),
                        org.assertj.core.groups.Tuple.tuple(null, true, T0 + 4_000));
        assertThat(events().get(0).crossed()).isEmpty();
        assertThat(events().get(0).state()).isEqualTo(ModelDrift.CLEARED);

        out.clear();
        for (int i = 0; i < 40; i++) {
            observe(monitor, "m1", -5, false, T0 + 4_010 + i, out::add);
        }
        monitor.advance(T0 + 5_000, out::add);
        assertThat(events()).extracting(ModelDrift::machineId).contains("m1");
        assertThat(events()).allMatch(e -> !e.cleared());
    }

    @Test
    void aDriftRaisedBeforeAModelSwapIsClearedByTheFirstWindowTheNewModelFitsOrRaisedAgainUnderIt() {
        DriftMonitor monitor = monitor(UNIFORM);
        for (int i = 0; i < 20; i++) {
            observe(monitor, "fits-v2", 12, false, T0 + 10 + i, out::add);
            observe(monitor, "still-off", 12, false, T0 + 10 + i, out::add);
        }
        monitor.advance(T0 + 1_000, out::add);
        assertThat(events()).extracting(ModelDrift::machineId).containsExactly("fits-v2", "still-off", null);

        out.clear();
        DriftBaseline wider = new DriftBaseline(
                new TrainingDistribution(1000, 0, 20, new double[] {2, 4, 6, 8, 10, 12, 14, 16, 18}), List.of());
        monitor.useBaseline("v2", wider, T0 + 1_200);
        for (int i = 0; i < 20; i++) {
            observe(monitor, "fits-v2", 1 + (i % 10) * 2, false, T0 + 1_210 + i, out::add);
            observe(monitor, "still-off", 30, false, T0 + 1_210 + i, out::add);
        }
        monitor.advance(T0 + 2_000, out::add);
        assertThat(events())
                .extracting(ModelDrift::machineId, ModelDrift::cleared, ModelDrift::modelVersion)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("fits-v2", true, "v2"),
                        org.assertj.core.groups.Tuple.tuple("still-off", false, "v2"),
                        org.assertj.core.groups.Tuple.tuple(null, false, "v2"));

        out.clear();
        for (int i = 0; i < 20; i++) {
            observe(monitor, "still-off", 30, false, T0 + 2_010 + i, out::add);
        }
        monitor.advance(T0 + 3_000, out::add);
        assertThat(events()).as("raised under v2 already").isEmpty();
    }

    @Test
    void aSeriesThatNeverDriftedHasNoClearedEventAfterAModelSwap() {
        DriftMonitor monitor = monitor(UNIFORM);
        for (int i = 0; i < 20; i++) {
            observe(monitor, "m1", 0.5 + (i % 10), false, T0 + 10 + i, out::add);
        }
        monitor.advance(T0 + 1_000, out::add);
        monitor.useBaseline("v2", UNIFORM, T0 + 1_200);
        for (int i = 0; i < 20; i++) {
            observe(monitor, "m1", 0.5 + (i % 10), false, T0 + 1_210 + i, out::add);
        }
        monitor.advance(T0 + 2_000, out::add);
        assertThat(events()).isEmpty();
    }

    @Test
    void aWindowWithTooFewReadingsHasNoFiguresAndAnEmptiedWindowNone() {
        DriftMonitor monitor = monitor(UNIFORM);
        for (int i = 0; i < 9; i++) {
            observe(monitor, "few", 5, false, T0 + 10 + i, out::add);
        }
        for (int i = 0; i < 10; i++) {
            observe(monitor, "enough", 5, false, T0 + 10 + i, out::add);
        }
        monitor.advance(T0 + 1_000, out::add);
        assertThat(healths()).extracting(ModelHealth::machineId).containsExactlyInAnyOrder("enough", null);
        out.clear();
        monitor.advance(T0 + 3_000, out::add); // T0+2000 still has the older half; T0+3000 nothing: no figures
        assertThat(healths()).extracting(ModelHealth::machineId).containsExactly("enough", null);
        assertThat(health("enough").windowEnd()).isEqualTo(T0 + 2_000);
        assertThat(monitor.machinesWatched()).isEqualTo(2); // kept, like the machines' regime tracks
    }

    @Test
    void theWindowIsTheOneKeptBesideTheMachinesTrack() {
        DriftMonitor monitor = monitor(UNIFORM);
        String machine = new String("m1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> monitor.observe(machine, 5, false, T0 + 1, out::add))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("latest observe()");
    }

    @Test
    void aLongPauseRollsTheWindowsOutOnceAndSkipsTheBoundariesBetween() {
        DriftMonitor monitor = monitor(UNIFORM);
        for (int i = 0; i < 10; i++) {
            observe(monitor, "m1", 5, false, T0 + 10 + i, out::add);
        }
        monitor.advance(T0 + 86_400_000L + 500, out::add); // a day later: the windows of T0+1s and T0+2s, then none
        assertThat(healths()).extracting(ModelHealth::windowEnd).containsOnly(T0 + 1_000, T0 + 2_000);
        assertThat(monitor.nextBoundary()).isEqualTo(T0 + 86_401_000L);
    }

    @Test
    void aReadingAfterABoundaryClosesTheWindowsFirst() {
        DriftMonitor monitor = monitor(UNIFORM);
        for (int i = 0; i < 10; i++) {
            observe(monitor, "m1", 5, false, T0 + 10 + i, out::add);
        }
        observe(monitor, "m1", 5, false, T0 + 1_500, out::add); // no timer ran: the reading evaluates the window first
        assertThat(health("m1").readings()).isEqualTo(10);
        assertThat(monitor.nextBoundary()).isEqualTo(T0 + 2_000);
    }

    @Test
    void withoutATrainingDistributionPsiAndRangeAreLeftOutAndTheRestStays() {
        DriftMonitor monitor = monitor(new DriftBaseline(null, UNIFORM.regimes()));
        for (int i = 0; i < 10; i++) {
            observe(monitor, "m1", 50, true, T0 + 10 + i, out::add);
        }
        monitor.advance(T0 + 1_000, out::add);
        ModelHealth m1 = health("m1");
        assertThat(m1.psi()).isNull();
        assertThat(m1.outOfRangeShare()).isNull();
        assertThat(m1.lowConfidenceShare()).isEqualTo(1.0);
        assertThat(m1.meanCentroidDistance()).isEqualTo(21.0); // |50 - 8| / 2
        assertThat(events()).isEmpty(); // nothing to cross
    }

    @Test
    void aModelSwapStartsTheWindowsAfresh() {
        DriftMonitor monitor = monitor(UNIFORM);
        for (int i = 0; i < 10; i++) {
            observe(monitor, "m1", 12, false, T0 + 10 + i, out::add);
        }
        monitor.useBaseline("v2", UNIFORM, T0 + 500);
        monitor.advance(T0 + 1_000, out::add);
        assertThat(out).isEmpty();
        for (int i = 0; i < 10; i++) {
            observe(monitor, "m1", 5, false, T0 + 1_010 + i, out::add);
        }
        monitor.advance(T0 + 2_000, out::add);
        assertThat(health("m1").windowStart()).isEqualTo(T0 + 500);
        assertThat(health("m1").modelVersion()).isEqualTo("v2");
    }

    @Test
    void restoredWindowsCarryOnWhereTheSnapshotLeftThemAndADriftAlreadyReportedIsNotReportedAgain() {
        DriftMonitor before = monitor(UNIFORM);
        for (int i = 0; i < 20; i++) { // every reading above the training range: drift
            observe(before, "m1", 12, false, T0 + 10 + i, out::add);
        }
        before.advance(T0 + 1_000, out::add);
        assertThat(events()).hasSize(2); // m1 and overall
        for (int i = 0; i < 6; i++) {
            observe(before, "m1", 12, false, T0 + 1_010 + i, out::add);
        }
        byte[] snapshot = before.snapshot(0, 1);
        out.clear();

        RegimeTracks restoredTracks = new RegimeTracks(1); // the task's tracks after a restore: not yet observed
        DriftMonitor after = new DriftMonitor(SETTINGS, "1/1", UnregisteredMetricsGroup.createOperatorMetricGroup());
        after.keepWindowsWith(restoredTracks);
        after.useBaseline("v1", UNIFORM, T0 + 1_500);
        assertThat(after.restore(
                        List.of(
                                new DriftMonitor(SETTINGS, "2/2", UnregisteredMetricsGroup.createOperatorMetricGroup())
                                        .snapshot(1, 2),
                                snapshot),
                        0,
                        1))
                .isEqualTo(1);
        for (int i = 0; i < 6; i++) {
            restoredTracks.observe("m1", T0 + 1_600 + i, 0, 1.0, "v1", T0 + 1_600 + i);
            after.observe("m1", 12, false, T0 + 1_600 + i, out::add);
        }
        after.advance(T0 + 2_000, out::add);

        assertThat(health("m1").readings())
                .as("the window [T0, T0 + 2 s): 20 + 6 readings before the snapshot, 6 after the restore")
                .isEqualTo(32);
        assertThat(health("m1").windowStart())
                .as("the window began before the restore")
                .isEqualTo(T0);
        assertThat(health(null).readings()).isEqualTo(32);
        assertThat(events()).as("the drift was reported before the snapshot").isEmpty();

        DriftMonitor otherModel =
                new DriftMonitor(SETTINGS, "1/1", UnregisteredMetricsGroup.createOperatorMetricGroup());
        otherModel.keepWindowsWith(new RegimeTracks(1));
        otherModel.useBaseline("v2", UNIFORM, T0 + 1_500);
        assertThat(otherModel.restore(List.of(snapshot), 0, 1))
                .as("windows of another model start empty")
                .isZero();
        assertThat(otherModel.restore(List.of(snapshot), 0, 2))
                .as("after a rescale they start empty")
                .isZero();
    }

    @Test
    void aSnapshotTakesAbout45BytesPlusTheIdPerMachineWithReadingsAndAFewWithout() {
        DriftMonitor full = monitor(UNIFORM);
        for (int m = 0; m < 1_000; m++) {
            for (int i = 0; i < 20; i++) {
                observe(full, "machine-" + m, 0.5 + i % 10, i % 7 == 0, T0 + 10 + i, out::add);
            }
        }
        full.advance(T0 + 1_000, out::add);
        for (int m = 0; m < 1_000; m++) { // the other half of each window too
            for (int i = 0; i < 20; i++) {
                observe(full, "machine-" + m, 0.5 + i % 10, false, T0 + 1_010 + i, out::add);
            }
        }
        int ids = 0;
        for (int m = 0; m < 1_000; m++) {
            ids += 2 + ("machine-" + m).length(); // writeUTF: length, then the characters
        }
        int perMachine = (full.snapshot(0, 1).length - ids) / 1_000;
        assertThat(perMachine).as("bytes per machine besides its id").isBetween(40, 50);

        RegimeTracks idleTracks = new RegimeTracks(1);
        DriftMonitor idle = new DriftMonitor(SETTINGS, "1/1", UnregisteredMetricsGroup.createOperatorMetricGroup());
        idle.keepWindowsWith(idleTracks);
        idle.useBaseline("v1", UNIFORM, T0);
        for (int m = 0; m < 1_000; m++) {
            String machine = "machine-" + m; // the same instance for the track and the window beside it
            idleTracks.observe(machine, T0 + 10, 0, 1.0, "v1", T0 + 10);
            idle.observe(machine, 5, false, T0 + 10, out::add);
        }
        idle.advance(T0 + 3_000, out::add); // both halves rolled out: the windows are empty
        assertThat((idle.snapshot(0, 1).length - ids) / 1_000)
                .as("bytes per machine without readings in the window, besides its id")
                .isLessThanOrEqualTo(3);
    }

    @Test
    void countsEventsAndWindowsAndGaugesTheOverallPsi() {
        MetricListener metrics = new MetricListener();
        DriftMonitor monitor = new DriftMonitor(SETTINGS, "1/1", metrics.getMetricGroup());
        monitor.keepWindowsWith(tracks);
        monitor.useBaseline("v1", UNIFORM, T0);
        for (int i = 0; i < 20; i++) {
            observe(monitor, "m1", 12, false, T0 + 10 + i, out::add);
        }
        monitor.advance(T0 + 1_000, out::add);

        assertThat(metrics.getCounter("driftWindowsEvaluated").orElseThrow().getCount())
                .isEqualTo(2); // m1 and overall
        assertThat(metrics.getCounter("driftEvents").orElseThrow().getCount()).isEqualTo(2);
        assertThat(metrics.<Double>getGauge("driftOverallPsi").orElseThrow().getValue())
                .isEqualTo(health(null).psi());
    }

    private final RegimeTracks tracks = new RegimeTracks(1);

    private DriftMonitor monitor(DriftBaseline baseline) {
        DriftMonitor monitor = new DriftMonitor(SETTINGS, "1/1", UnregisteredMetricsGroup.createOperatorMetricGroup());
        monitor.keepWindowsWith(tracks);
        monitor.useBaseline("v1", baseline, T0);
        return monitor;
    }

    /** As the scorer does: the machine's regime track first, then its drift window beside it. */
    private void observe(
            DriftMonitor monitor,
            String machine,
            double t,
            boolean low,
            long now,
            java.util.function.Consumer<JobOutput> sink) {
        tracks.observe(machine, now, 0, 1.0, "v1", now);
        monitor.observe(machine, t, low, now, sink);
    }

    private ModelHealth health(String machineId) {
        return out.stream()
                .filter(o -> o.kind() == JobOutput.Kind.MODEL_HEALTH)
                .map(JobOutput::modelHealth)
                .filter(h -> java.util.Objects.equals(h.machineId(), machineId))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    private List<ModelHealth> healths() {
        return out.stream()
                .filter(o -> o.kind() == JobOutput.Kind.MODEL_HEALTH)
                .map(JobOutput::modelHealth)
                .toList();
    }

    private List<ModelDrift> events() {
        return out.stream()
                .filter(o -> o.kind() == JobOutput.Kind.MODEL_DRIFT)
                .map(JobOutput::modelDrift)
                .toList();
    }
}
