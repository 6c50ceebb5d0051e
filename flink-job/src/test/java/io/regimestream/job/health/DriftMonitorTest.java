package io.regimestream.job.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata.RegimeSummary;
import io.regimestream.common.model.ModelMetadata.TrainingDistribution;
import io.regimestream.common.records.ModelDrift;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.ModelHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

/** The window arithmetic of {@link DriftMonitor} and the PSI formula, against values worked out by hand. */
class DriftMonitorTest {

    /** Training temperatures uniform on [0, 10]: cut points 1..9, each bin a tenth; no per-regime deciles. */
    static final DriftBaseline UNIFORM = new DriftBaseline(
            new TrainingDistribution(1000, 0, 10, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}),
            List.of(new RegimeSummary(0, 2, 1, 500), new RegimeSummary(1, 8, 2, 500)),
            null);
    /**
     * Two regimes uniform on [0, 10] and [10, 20], a quarter and three quarters of the training data:
     * all readings' cut points 2.5 .. 17.5 would not split them evenly; each regime's own deciles do.
     */
    static final DriftBaseline TWO_REGIMES = new DriftBaseline(
            new TrainingDistribution(2000, 0, 20, new double[] {2, 4, 6, 8, 10, 12, 14, 16, 18}),
            List.of(new RegimeSummary(0, 5, 2.5, 1000), new RegimeSummary(1, 15, 2.5, 1000)),
            List.of(
                    new TrainingDistribution(1000, 0, 10, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}),
                    new TrainingDistribution(1000, 10, 20, new double[] {11, 12, 13, 14, 15, 16, 17, 18, 19})));
    /** Window 2 s: slots of 1 s, boundaries at whole seconds. */
    static final DriftSettings SETTINGS = new DriftSettings(Duration.ofSeconds(2), 10, 0.2, 0.05);

    static final long T0 = 1_764_000_000_000L; // a whole second

    final List<JobOutput> out = new ArrayList<>();
    final Map<String, DriftWindow> windows = new LinkedHashMap<>(); // the machines' records, as the scorer has them

    @Test
    void psiOfAnEvenSpreadIsZeroAndMatchesTheHandComputedValues() {
        DriftReference ref = new DriftReference(UNIFORM, 2);
        assertThat(window(ref, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10).psi()).isCloseTo(0.0, offset(1e-15));
        // counts 4,4,2,2,2,2,1,1,1,1 (N = 20); a_i = (n_i + 0.5) / 25 = .18 .18 .1 .1 .1 .1 .06 .06 .06 .06
        // PSI = 2 * (.18 - .1) ln(1.8) + 4 * 0 + 4 * (.06 - .1) ln(.6) = .16 * .5877867 + .16 * .5108256 = .1757780
        assertThat(window(ref, 4, 4, 2, 2, 2, 2, 1, 1, 1, 1).psi()).isCloseTo(0.1757780, offset(1e-7));
        // all 100 readings in one bin: a_0 = 100.5/105, the 9 others 0.5/105, each finite
        // PSI = (.957143 - .1) ln(9.57143) + 9 (.0047619 - .1) ln(.047619) = 1.935886 + 2.609804 = 4.545690
        assertThat(window(ref, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0).psi()).isCloseTo(4.545690, offset(1e-6));
    }

    @Test
    void psiAddsTheWindowsTwoHalves() {
        DriftReference ref = new DriftReference(UNIFORM, 2);
        DriftWindow w = window(ref, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0);
        w.roll();
        for (int bin = 0; bin < 10; bin++) {
            for (int i = 0; i < new int[] {2, 2, 1, 1, 1, 1, 1, 1, 1, 1}[bin]; i++) {
                w.add(ref, 0, bin + 0.5, false);
            }
        }
        assertThat(w.windowReadings()).isEqualTo(20);
        assertThat(w.psi()).isCloseTo(0.1757780, offset(1e-7));
    }

    @Test
    void aReadingFallsInTheBinWhoseUpperCutPointIsAtLeastItOfTheRegimeItWasPredictedIn() {
        DriftReference ref = new DriftReference(UNIFORM, 2);
        assertThat(ref.perRegime()).isFalse();
        assertThat(ref.bin(0, -3)).isZero();
        assertThat(ref.bin(0, 1.0)).isZero();
        assertThat(ref.bin(0, 1.01)).isEqualTo(1);
        assertThat(ref.bin(1, 5.5))
                .as("without per-regime deciles every regime has all readings' cut points")
                .isEqualTo(5);
        assertThat(ref.bin(0, 9.0)).isEqualTo(8);
        assertThat(ref.bin(0, 42)).isEqualTo(9);
        DriftReference ties = new DriftReference(
                new DriftBaseline(
                        new TrainingDistribution(10, 0, 10, new double[] {1, 2, 2, 2, 5, 6, 7, 8, 9}), List.of(), null),
                1);
        assertThat(ties.bin(0, 2.0)).isEqualTo(1);
        assertThat(ties.bin(0, 2.5)).isEqualTo(4);

        DriftReference perRegime = new DriftReference(TWO_REGIMES, 2);
        assertThat(perRegime.perRegime()).isTrue();
        assertThat(perRegime.bin(1, 12.5)).isEqualTo(2);
        assertThat(perRegime.bin(0, 12.5)).as("far above regime 0's deciles").isEqualTo(9);
        assertThat(new DriftReference(TWO_REGIMES, 3).perRegime())
                .as("a model of three regimes, the baseline has two: all readings' cut points")
                .isFalse();
    }

    @Test
    void aRegimeSwitchingMachineLikeTheTrainingDataIsNoDriftWhenEachReadingIsBinnedByItsRegime() {
        // a quarter of the window in regime 0, three quarters in regime 1, each spread evenly over its range
        for (DriftBaseline baseline :
                List.of(TWO_REGIMES, new DriftBaseline(TWO_REGIMES.distribution(), TWO_REGIMES.regimes(), null))) {
            DriftWindow w = new DriftWindow(baseline == TWO_REGIMES ? "per-regime" : "whole");
            DriftMonitor monitor =
                    new DriftMonitor(SETTINGS, "1/1", UnregisteredMetricsGroup.createOperatorMetricGroup(), List.of(w));
            DriftWatch watch = monitor.activate("v1", 2, baseline, T0);
            for (int i = 0; i < 200; i++) {
                double t = i < 50 ? (i % 10) + 0.5 : 10 + (i % 10) + 0.5;
                monitor.observe(w, watch, i < 50 ? 0 : 1, t, false, T0 + 10, out::add);
            }
            monitor.advance(T0 + 1_000, out::add);
        }
        assertThat(health("per-regime").psi()).isCloseTo(0.0, offset(1e-12));
        assertThat(health("whole").psi())
                .as("against all training readings, the mix of regimes alone looks like drift")
                .isGreaterThan(0.2);
        assertThat(events()).extracting(ModelDrift::machineId).containsExactly("whole", null);
    }

    @Test
    void aShiftInsideTheTrainingRangeIsFoundByTheRegimesDecilesAlone() {
        DriftMonitor monitor = monitor(TWO_REGIMES);
        for (int i = 0; i < 200; i++) { // every reading in the upper half of its regime: inside [0, 20]
            double t = i < 100 ? 5.5 + (i % 5) : 15.5 + (i % 5);
            observe(monitor, "m1", i < 100 ? 0 : 1, t, false, T0 + 10);
        }
        monitor.advance(T0 + 1_000, out::add);
        assertThat(health("m1").outOfRangeShare()).isZero();
        assertThat(events()).extracting(ModelDrift::machineId).contains("m1");
        assertThat(events().get(0).crossed()).containsExactly(ModelDrift.PSI);
    }

    @Test
    void aWindowOfReadingsLikeTheTrainingDataHasItsFiguresAndNoEvent() {
        DriftMonitor monitor = monitor(UNIFORM);
        // 20 readings, two in each bin, in the first second, predicted in regime 0; 2 of them low-confidence
        for (int i = 0; i < 20; i++) {
            observe(monitor, "m1", 0, 0.5 + (i % 10), i < 2, T0 + 10 + i);
        }
        monitor.advance(T0 + 1_000, out::add);

        ModelHealth m1 = health("m1");
        assertThat(m1.readings()).isEqualTo(20);
        assertThat(m1.windowStart()).isEqualTo(T0); // the monitor started at T0: the first window is half a window
        assertThat(m1.windowEnd()).isEqualTo(T0 + 1_000);
        assertThat(m1.psi()).isCloseTo(0.0, offset(1e-12));
        assertThat(m1.outOfRangeShare()).isEqualTo(0.0);
        assertThat(m1.lowConfidenceShare()).isEqualTo(0.1);
        // distance to regime 0's centroid (2) in its spreads (1): 1.5 .5 .5 1.5 2.5 .. 7.5, mean 34 / 10
        assertThat(m1.meanCentroidDistance()).isCloseTo(3.4, offset(1e-12));
        assertThat(health(null).readings()).isEqualTo(20); // the task's overall series
        assertThat(events()).isEmpty();
    }

    @Test
    void aShiftedMachineRaisesOneEventWhenDriftBeginsClearsItOnceBackUnderAndRaisesAnotherAfterThat() {
        DriftMonitor monitor = monitor(UNIFORM);
        for (int i = 0; i < 20; i++) { // half of them above the training range: PSI and out-of-range both crossed
            observe(monitor, "m1", 0, i % 2 == 0 ? 0.5 + (i % 10) : 12, false, T0 + 10 + i);
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

        out.clear();
        for (int i = 0; i < 20; i++) { // still drifting in the next window (its older half is the shifted one)
            observe(monitor, "m1", 0, 12, false, T0 + 1_010 + i);
        }
        monitor.advance(T0 + 2_000, out::add);
        assertThat(health("m1").outOfRangeShare()).isEqualTo(30 / 40.0);
        assertThat(events()).isEmpty();

        out.clear();
        for (int s = 2; s < 4; s++) { // two halves like the training data: back under both thresholds
            for (int i = 0; i < 40; i++) {
                observe(monitor, "m1", 0, 0.5 + (i % 10), false, T0 + s * 1_000 + 10 + i);
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
            observe(monitor, "m1", 0, -5, false, T0 + 4_010 + i);
        }
        monitor.advance(T0 + 5_000, out::add);
        assertThat(events()).extracting(ModelDrift::machineId).contains("m1");
        assertThat(events()).allMatch(e -> !e.cleared());
    }

    @Test
    void aDriftRaisedBeforeAModelSwapIsClearedByTheFirstWindowTheNewModelFitsOrRaisedAgainUnderIt() {
        DriftMonitor monitor = monitor(UNIFORM);
        for (int i = 0; i < 20; i++) {
            observe(monitor, "fits-v2", 0, 12, false, T0 + 10 + i);
            observe(monitor, "still-off", 0, 12, false, T0 + 10 + i);
        }
        monitor.advance(T0 + 1_000, out::add);
        assertThat(events()).extracting(ModelDrift::machineId).containsExactly("fits-v2", "still-off", null);

        out.clear();
        DriftBaseline wider = new DriftBaseline(
                new TrainingDistribution(1000, 0, 20, new double[] {2, 4, 6, 8, 10, 12, 14, 16, 18}), List.of(), null);
        monitor.activate("v2", 2, wider, T0 + 1_200);
        for (int i = 0; i < 20; i++) {
            observe(monitor, "fits-v2", 0, 1 + (i % 10) * 2, false, T0 + 1_210 + i);
            observe(monitor, "still-off", 0, 30, false, T0 + 1_210 + i);
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
            observe(monitor, "still-off", 0, 30, false, T0 + 2_010 + i);
        }
        monitor.advance(T0 + 3_000, out::add);
        assertThat(events()).as("raised under v2 already").isEmpty();
    }

    @Test
    void aSeriesThatNeverDriftedHasNoClearedEventAfterAModelSwap() {
        DriftMonitor monitor = monitor(UNIFORM);
        for (int i = 0; i < 20; i++) {
            observe(monitor, "m1", 0, 0.5 + (i % 10), false, T0 + 10 + i);
        }
        monitor.advance(T0 + 1_000, out::add);
        monitor.activate("v2", 2, UNIFORM, T0 + 1_200);
        for (int i = 0; i < 20; i++) {
            observe(monitor, "m1", 0, 0.5 + (i % 10), false, T0 + 1_210 + i);
        }
        monitor.advance(T0 + 2_000, out::add);
        assertThat(events()).isEmpty();
    }

    @Test
    void aWindowWithTooFewReadingsHasNoFiguresAndAnEmptiedWindowNone() {
        DriftMonitor monitor = monitor(UNIFORM);
        for (int i = 0; i < 9; i++) {
            observe(monitor, "few", 0, 5, false, T0 + 10 + i);
        }
        for (int i = 0; i < 10; i++) {
            observe(monitor, "enough", 0, 5, false, T0 + 10 + i);
        }
        monitor.advance(T0 + 1_000, out::add);
        assertThat(healths()).extracting(ModelHealth::machineId).containsExactlyInAnyOrder("enough", null);
        out.clear();
        monitor.advance(T0 + 3_000, out::add); // T0+2000 still has the older half; T0+3000 nothing: no figures
        assertThat(healths()).extracting(ModelHealth::machineId).containsExactly("enough", null);
        assertThat(health("enough").windowEnd()).isEqualTo(T0 + 2_000);
    }

    @Test
    void aLongPauseRollsTheWindowsOutOnceAndSkipsTheBoundariesBetween() {
        DriftMonitor monitor = monitor(UNIFORM);
        for (int i = 0; i < 10; i++) {
            observe(monitor, "m1", 0, 5, false, T0 + 10 + i);
        }
        monitor.advance(T0 + 86_400_000L + 500, out::add); // a day later: the windows of T0+1s and T0+2s, then none
        assertThat(healths()).extracting(ModelHealth::windowEnd).containsOnly(T0 + 1_000, T0 + 2_000);
        assertThat(monitor.nextBoundary()).isEqualTo(T0 + 86_401_000L);
    }

    @Test
    void aReadingAfterABoundaryClosesTheWindowsFirst() {
        DriftMonitor monitor = monitor(UNIFORM);
        for (int i = 0; i < 10; i++) {
            observe(monitor, "m1", 0, 5, false, T0 + 10 + i);
        }
        observe(monitor, "m1", 0, 5, false, T0 + 1_500); // no timer ran: the reading evaluates the window first
        assertThat(health("m1").readings()).isEqualTo(10);
        assertThat(monitor.nextBoundary()).isEqualTo(T0 + 2_000);
    }

    @Test
    void withoutATrainingDistributionPsiAndRangeAreLeftOutAndTheRestStays() {
        DriftMonitor monitor = monitor(new DriftBaseline(null, UNIFORM.regimes(), null));
        for (int i = 0; i < 10; i++) {
            observe(monitor, "m1", 1, 50, true, T0 + 10 + i);
        }
        monitor.advance(T0 + 1_000, out::add);
        ModelHealth m1 = health("m1");
        assertThat(m1.psi()).isNull();
        assertThat(m1.outOfRangeShare()).isNull();
        assertThat(m1.lowConfidenceShare()).isEqualTo(1.0);
        assertThat(m1.meanCentroidDistance()).isEqualTo(21.0); // |50 - 8| / 2: regime 1's centroid and spread
        assertThat(events()).isEmpty(); // nothing to cross
    }

    @Test
    void aModelSwapStartsTheWindowsAfresh() {
        DriftMonitor monitor = monitor(UNIFORM);
        for (int i = 0; i < 10; i++) {
            observe(monitor, "m1", 0, 12, false, T0 + 10 + i);
        }
        DriftWatch v2 = monitor.activate("v2", 2, UNIFORM, T0 + 500);
        monitor.advance(T0 + 1_000, out::add);
        assertThat(out).as("the readings of v1 were dropped with it").isEmpty();
        for (int i = 0; i < 10; i++) {
            monitor.observe(machine("m1"), v2, 0, 5, false, T0 + 1_010 + i, out::add);
        }
        monitor.advance(T0 + 2_000, out::add);
        assertThat(health("m1").windowStart()).isEqualTo(T0 + 500);
        assertThat(health("m1").modelVersion()).isEqualTo("v2");
        assertThat(monitor.activate("v2", 2, UNIFORM, T0 + 2_100))
                .as("the same model and baseline again: the same watch, its windows kept")
                .isSameAs(v2);
    }

    @Test
    void aCanaryScoringSomeMachinesIsMeasuredAgainstItsOwnBaselineWithAnOverallSeriesOfItsOwn() {
        DriftMonitor monitor = monitor(UNIFORM);
        DriftWatch active = monitor.watches.get(0);
        DriftWatch canary = monitor.watch("c1", 2, TWO_REGIMES, T0 + 100);
        for (int i = 0; i < 20; i++) {
            monitor.observe(machine("on-active"), active, 0, 12, false, T0 + 200 + i, out::add); // out of range for v1
            monitor.observe(machine("on-canary"), canary, 1, 12, false, T0 + 200 + i, out::add); // in range for c1
        }
        monitor.advance(T0 + 1_000, out::add);

        assertThat(health("on-active").modelVersion()).isEqualTo("v1");
        assertThat(health("on-active").outOfRangeShare()).isEqualTo(1.0);
        assertThat(health("on-canary").modelVersion()).isEqualTo("c1");
        assertThat(health("on-canary").outOfRangeShare()).isZero();
        assertThat(health("on-canary").windowStart()).isEqualTo(T0 + 100);
        assertThat(healths().stream().filter(ModelHealth::overall))
                .extracting(ModelHealth::modelVersion, ModelHealth::readings)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("v1", 20L), org.assertj.core.groups.Tuple.tuple("c1", 20L));

        monitor.retire(canary); // rolled back: its windows are dropped, the active model's go on
        out.clear();
        monitor.advance(T0 + 2_000, out::add);
        assertThat(healths()).extracting(ModelHealth::machineId).containsExactlyInAnyOrder("on-active", null);
    }

    @Test
    void countsEventsAndWindowsAndGaugesTheActiveModelsOverallPsi() {
        MetricListener metrics = new MetricListener();
        DriftMonitor monitor = monitor(UNIFORM, metrics.getMetricGroup());
        for (int i = 0; i < 20; i++) {
            observe(monitor, "m1", 0, 12, false, T0 + 10 + i);
        }
        monitor.advance(T0 + 1_000, out::add);

        assertThat(metrics.getCounter("driftWindowsEvaluated").orElseThrow().getCount())
                .isEqualTo(2); // m1 and overall
        assertThat(metrics.getCounter("driftEvents").orElseThrow().getCount()).isEqualTo(2);
        assertThat(metrics.<Double>getGauge("driftOverallPsi").orElseThrow().getValue())
                .isEqualTo(health(null).psi());
    }

    // ---------------------------------------------------------------- helpers

    private DriftMonitor monitor(DriftBaseline baseline) {
        return monitor(baseline, UnregisteredMetricsGroup.createOperatorMetricGroup());
    }

    private DriftMonitor monitor(DriftBaseline baseline, MetricGroup metrics) {
        DriftMonitor monitor = new DriftMonitor(SETTINGS, "1/1", metrics, windows.values());
        monitor.activate("v1", 2, baseline, T0);
        return monitor;
    }

    private DriftWindow machine(String id) {
        return windows.computeIfAbsent(id, DriftWindow::new);
    }

    /** As the scorer does, with the active model's watch. */
    private void observe(DriftMonitor monitor, String machine, int regime, double t, boolean low, long now) {
        monitor.observe(machine(machine), monitor.watches.get(0), regime, t, low, now, out::add);
    }

    /** A window with {@code counts[i]} readings in bin i of regime 0. */
    private static DriftWindow window(DriftReference ref, int... counts) {
        DriftWindow w = new DriftWindow("m");
        for (int bin = 0; bin < counts.length; bin++) {
            for (int i = 0; i < counts[bin]; i++) {
                w.add(ref, 0, bin + 0.5, false);
            }
        }
        return w;
    }

    private ModelHealth health(String machineId) {
        return healths().stream()
                .filter(h -> Objects.equals(h.machineId(), machineId))
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
