package io.regimestream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.records.ModelDrift;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.job.testing.SimulatedFleet;
import io.regimestream.job.testing.SimulatedFleet.Drift;
import io.regimestream.job.testing.SimulatedFleet.Run;
import io.regimestream.model.RegimeModel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The demo's drift settings ({@link DemoCommand#DEMO_DRIFT}) on what the demo sends: 3 simulated
 * machines at 10 readings/s together (one reading per machine every 300 ms), scored by the
 * committed model as the job scores them. Without drift no window raises it; with {@code
 * --drift-after} the drifting machine is flagged within one window, by PSI and by the
 * out-of-range share.
 */
class DemoDriftTest {

    private static final int MACHINES = 3;
    private static final long INTERVAL_MS = 300;
    private static final RegimeModel COMMITTED =
            RegimeModel.load(Path.of("..", "model-artifacts", "model.pmml").toString());

    @Test
    void machinesLikeTheTrainingDataRaiseNoDrift() {
        Run run = SimulatedFleet.score(
                COMMITTED, DemoCommand.DEMO_DRIFT, MACHINES, INTERVAL_MS, Duration.ofHours(4), null);

        assertThat(run.windows()).as("3 machines, every 30 s for 4 hours").hasSize(1_440);
        assertThat(run.crossedShare()).as("of %d windows", run.windows().size()).isLessThan(0.01);
        assertThat(run.events()).isEmpty();
    }

    @Test
    void theMachineThatDriftsAfterThirtySecondsIsFlaggedWithinOneWindowByPsiToo() {
        Drift drift =
                new Drift(0, MACHINES, RegimeSimulator.builder().build().outOfRangeShift(), Duration.ofSeconds(30));

        Run run = SimulatedFleet.score(
                COMMITTED, DemoCommand.DEMO_DRIFT, MACHINES, INTERVAL_MS, Duration.ofMinutes(5), drift);

        ModelDrift event = run.firstEventOf("press-01");
        assertThat(event.windowEnd() - drift.startMillis())
                .isLessThanOrEqualTo(DemoCommand.DEMO_DRIFT.window().toMillis());
        assertThat(event.crossed()).containsExactly(ModelDrift.PSI, ModelDrift.OUT_OF_RANGE);
        assertThat(run.events()).extracting(ModelDrift::machineId).containsOnly("press-01", null);
    }
}
