package io.regimestream.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RegimeChange;
import io.regimestream.job.testing.ExpectedRegimes;
import io.regimestream.model.testing.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-machine regime tracks of the scoring operator survive rescaling: snapshotted at
 * parallelism 2, restored at 1 and at 3 with machines landing on other tasks than before, every
 * machine continues its debounce where it was, without a spurious change event.
 */
class ScoreReadingsRescaleTest {

    private static final Path MODEL = TestModels.committed();
    private static final List<String> MACHINES =
            List.of("press-01", "press-02", "press-03", "press-04", "press-05", "press-06");
    private static final double SETTLED = 40; // regime 0
    private static final double MOVING = 57; // regime 2
    private static long time = 1_764_213_600_000L;

    @BeforeAll
    static void theTemperaturesAreInTheRegimesTheTestAssumes() throws Exception {
        ExpectedRegimes regimes = new ExpectedRegimes(MODEL);
        assertThat(List.of(regimes.regimeOf(SETTLED), regimes.regimeOf(MOVING))).containsExactly(0, 2);
    }

    @Test
    void tracksAreKeptWhenScalingDownToOneTask() throws Exception {
        OperatorSubtaskState atTwo = twoTasksHalfwayThroughAMove();
        try (var single = restore(atTwo, 2, 1, 0)) {
            for (String machine : MACHINES) {
                single.send(new Reading(machine, time++, MOVING)); // the third reading in regime 2: a change
            }
            assertThat(single.changes())
                    .extracting(c -> c.machineId() + " " + c.fromRegime() + "->" + c.toRegime() + " " + c.readings())
                    .containsExactlyInAnyOrderElementsOf(
                            MACHINES.stream().map(m -> m + " 0->2 3").toList());
        }
    }

    @Test
    void tracksAreKeptWhenScalingUpToThreeTasksWithMachinesOnOtherTasks() throws Exception {
        OperatorSubtaskState atTwo = twoTasksHalfwayThroughAMove();
        List<RegimeChange> changes = new ArrayList<>();
        List<OperatorSubtaskState> atThree = new ArrayList<>();
        for (int subtask = 0; subtask < 3; subtask++) {
            try (var task = restore(atTwo, 2, 3, subtask)) {
                // Machines now reach task (i + 1) % 3, not the task that had them before.
                for (int i = 0; i < MACHINES.size(); i++) {
                    if ((i + 1) % 3 == subtask) {
                        task.send(new Reading(MACHINES.get(i), time++, MOVING));
                    }
                }
                changes.addAll(task.changes());
                atThree.add(task.snapshot(2));
            }
        }
        assertThat(changes)
                .extracting(c -> c.machineId() + " " + c.fromRegime() + "->" + c.toRegime())
                .containsExactlyInAnyOrderElementsOf(
                        MACHINES.stream().map(m -> m + " 0->2").toList());

        // Back to one task: every machine is settled in regime 2 now (the claimed copies won over the
        // stale ones the hash owners kept), so a reading in regime 2 is no change and a blip is none either.
        try (var single = restore(
                AbstractStreamOperatorTestHarness.repackageState(atThree.toArray(new OperatorSubtaskState[0])),
                3,
                1,
                0)) {
            for (String machine : MACHINES) {
                single.send(new Reading(machine, time++, MOVING));
                single.send(new Reading(machine, time++, SETTLED));
                single.send(new Reading(machine, time++, MOVING));
            }
            assertThat(single.changes()).isEmpty();
            assertThat(single.predictions()).hasSize(3 * MACHINES.size());
        }
    }

    /** Two tasks, three machines each, every machine settled in regime 0 and two readings into regime 2. */
    private static OperatorSubtaskState twoTasksHalfwayThroughAMove() throws Exception {
        OperatorSubtaskState[] snapshots = new OperatorSubtaskState[2];
        for (int subtask = 0; subtask < 2; subtask++) {
            try (var task = ScoringHarness.open(MODEL, 0.0, 3, null, null, 2, subtask)) {
                for (String machine : MACHINES.subList(subtask * 3, subtask * 3 + 3)) {
                    task.send(new Reading(machine, time++, SETTLED));
                    task.send(new Reading(machine, time++, SETTLED));
                    task.send(new Reading(machine, time++, MOVING));
                    task.send(new Reading(machine, time++, MOVING));
                }
                assertThat(task.changes()).isEmpty();
                snapshots[subtask] = task.snapshot(1);
            }
        }
        return AbstractStreamOperatorTestHarness.repackageState(snapshots);
    }

    private static ScoringHarness restore(OperatorSubtaskState state, int oldParallelism, int parallelism, int subtask)
            throws Exception {
        OperatorSubtaskState mine = AbstractStreamOperatorTestHarness.repartitionOperatorState(
                state, ScoringHarness.MAX_PARALLELISM, oldParallelism, parallelism, subtask);
        return ScoringHarness.open(MODEL, 0.0, 3, null, mine, parallelism, subtask);
    }
}
