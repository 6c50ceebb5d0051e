package io.regimestream.job.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.records.ModelDrift;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.job.functions.ReadingScorer;
import io.regimestream.job.testing.SimulatedFleet;
import io.regimestream.job.testing.SimulatedFleet.Drift;
import io.regimestream.job.testing.SimulatedFleet.Run;
import io.regimestream.model.RegimeModel;
import io.regimestream.model.testing.TestModels;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Drift monitoring with the default settings (10-minute windows every 5 minutes, PSI above 0.2 or
 * more than 5 % out of range) on the simulator's machines, which switch regimes every 20 to 200
 * readings, scored as the job's scorer does it ({@link ReadingScorer}, {@link SimulatedFleet}):
 * 100 machines, one reading each every 1.5 s, so 400 readings per machine and window, scored by the
 * committed model.
 *
 * <ul>
 *   <li>In distribution, fewer than 1 % of the machines' windows cross a threshold, because each
 *       reading is binned by the deciles of the regime it was predicted in. Compared with all
 *       training readings instead (a model without {@code regimeDistributions}, as the job did
 *       before), most of them do: a machine's window never has the training data's mix of regimes.</li>
 *   <li>A machine that drifts as {@code --drift-after} makes it (+51 °C, out of the training range)
 *       is flagged within one window; so is a sensor 3 °C off, which stays mostly inside the training
 *       range and is found by PSI alone.</li>
 * </ul>
 */
class DriftOnSimulatedMachinesTest {

    private static final int MACHINES = 100;
    private static final long INTERVAL_MS = 1_500;
    private static final DriftSettings SETTINGS = DriftSettings.DEFAULTS;

    private final RegimeModel committed =
            RegimeModel.load(TestModels.committed().toString());

    @Test
    void inDistributionFewerThanOnePercentOfTheWindowsRaiseDrift() {
        Run run = score(committed, Duration.ofHours(2), null);

        assertThat(run.windows()).as("machines x 5-minute boundaries").hasSizeGreaterThan(2_000);
        assertThat(run.windows()).allSatisfy(w -> assertThat(w.readings()).isBetween(200L, 400L));
        assertThat(run.crossedShare())
                .as("windows over a threshold, of %d", run.windows().size())
                .isLessThan(0.01);
        assertThat(run.events()).isEmpty();
    }

    @Test
    void againstAllTrainingReadingsTheSameMachinesLookDriftingMostOfTheTime() {
        DriftBaseline perRegime = committed.driftBaseline().orElseThrow();
        RegimeModel wholeOnly =
                committed.withDriftBaseline(new DriftBaseline(perRegime.distribution(), perRegime.regimes(), null));

        Run run = score(wholeOnly, Duration.ofHours(1), null);

        assertThat(run.crossedShare())
                .as("the regime mix of 400 readings alone")
                .isGreaterThan(0.5);
    }

    @Test
    void aMachineThatDriftsAsDriftAfterMakesItIsFlaggedWithinOneWindow() {
        double shift = RegimeSimulator.builder().build().outOfRangeShift();
        Drift drift = new Drift(3, MACHINES, shift, Duration.ofMinutes(62));

        Run run = score(committed, Duration.ofMinutes(90), drift);

        ModelDrift event = run.firstEventOf(drift.machineId());
        assertThat(event.windowEnd() - drift.startMillis())
                .as("from the drift's start to the end of the window that reports it")
                .isLessThanOrEqualTo(SETTINGS.window().toMillis());
        assertThat(event.crossed()).containsExactly(ModelDrift.PSI, ModelDrift.OUT_OF_RANGE);
        assertThat(run.events())
                .as("the drifting machine alone: one machine of 100 does not move the overall series")
                .extracting(ModelDrift::machineId)
                .containsExactly(drift.machineId());
    }

    @Test
    void aSensorThreeDegreesOffIsFlaggedByPsiWithinOneWindow() {
        Drift drift = new Drift(7, MACHINES, 3.0, Duration.ofMinutes(62));

        Run run = score(committed, Duration.ofMinutes(90), drift);

        ModelDrift event = run.firstEventOf(drift.machineId());
        assertThat(event.windowEnd() - drift.startMillis())
                .isLessThanOrEqualTo(SETTINGS.window().toMillis());
        assertThat(event.crossed()).contains(ModelDrift.PSI);
        assertThat(event.outOfRangeShare())
                .as("mostly still inside the training range")
                .isLessThan(SETTINGS.outOfRangeThreshold());
        assertThat(run.events()).extracting(ModelDrift::machineId).containsExactly(drift.machineId());
    }

    private static Run score(RegimeModel model, Duration length, Drift drift) {
        return SimulatedFleet.score(model, SETTINGS, MACHINES, INTERVAL_MS, length, drift);
    }
}
