package io.regimestream.job.machines;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.records.ModelDrift;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.health.DriftMonitor;
import io.regimestream.job.health.DriftSettings;
import io.regimestream.job.health.DriftWatch;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.ModelHealth;
import io.regimestream.model.RegimeModel;
import io.regimestream.model.testing.TestModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** The per-machine records with their drift windows in checkpoints: what comes back, where, and at what size. */
class MachineStateSnapshotsTest {

    private static final RegimeModel MODEL =
            RegimeModel.load(TestModels.committed().toString());
    /** Window 2 s: slots of 1 s, boundaries at whole seconds; 10 readings make figures. */
    private static final DriftSettings SETTINGS = new DriftSettings(Duration.ofSeconds(2), 10, 0.2, 0.05);

    private static final long T0 = 1_764_000_000_000L; // a whole second

    private final List<JobOutput> out = new ArrayList<>();

    /** A task's records and its drift monitor, watching {@code model} from {@code since}. */
    private record Task(MachineStates states, DriftMonitor drift, DriftWatch watch) {
        static Task of(RegimeModel model, long since) {
            MachineStates states = new MachineStates(JobConfig.defaults().scoring(), new UnregisteredMetricsGroup());
            DriftMonitor drift = new DriftMonitor(SETTINGS, "1/1", new UnregisteredMetricsGroup(), states);
            return new Task(states, drift, drift.activate(model, since));
        }

        /** As the scorer does: the machine's record, its track, then its drift window. */
        void observe(String machine, double t, long now, List<JobOutput> out) {
            MachineState m = states.claim(machine, now);
            int regime = MODEL.score(t).regime();
            states.observe(m, now, regime, 0.9, MODEL.version());
            drift.observe(m, watch, regime, t, false, now, out::add);
        }

        byte[] snapshot(int subtask, int parallelism) {
            return MachineStateSnapshots.snapshot(states, subtask, parallelism, drift);
        }

        void restore(List<byte[]> snapshots, int subtask, int parallelism, long now) {
            MachineStateSnapshots.restore(states, snapshots, subtask, parallelism, drift, now);
        }
    }

    /** 20 readings above the training range in [T0, T0 + 1 s) (a drift event), then 6 more: a snapshot. */
    private byte[] driftingMachineSnapshot() {
        Task before = Task.of(MODEL, T0);
        for (int i = 0; i < 20; i++) {
            before.observe("m1", 120, T0 + 10 + i, out);
        }
        before.drift.advance(T0 + 1_000, out::add);
        assertThat(events()).extracting(ModelDrift::machineId).containsExactly("m1", null);
        for (int i = 0; i < 6; i++) {
            before.observe("m1", 120, T0 + 1_010 + i, out);
        }
        out.clear();
        return before.snapshot(0, 1);
    }

    @Test
    void restoredWindowsCarryOnWhereTheSnapshotLeftThemAndADriftAlreadyReportedIsNotReportedAgain() {
        byte[] snapshot = driftingMachineSnapshot();
        Task after = Task.of(MODEL, T0 + 1_500);
        after.restore(List.of(Task.of(MODEL, T0).snapshot(1, 2), snapshot), 0, 1, T0 + 1_500);
        for (int i = 0; i < 6; i++) {
            after.observe("m1", 120, T0 + 1_600 + i, out);
        }
        after.drift.advance(T0 + 2_000, out::add);

        assertThat(health("m1").readings())
                .as("the window [T0, T0 + 2 s): 20 + 6 readings before the snapshot, 6 after the restore")
                .isEqualTo(32);
        assertThat(health("m1").windowStart())
                .as("the window began before the restore")
                .isEqualTo(T0);
        assertThat(health(null).readings()).isEqualTo(32);
        assertThat(events()).as("the drift was reported before the snapshot").isEmpty();
    }

    @Test
    void windowsOfAnotherModelOrBaselineStartEmpty() {
        byte[] snapshot = driftingMachineSnapshot();
        DriftBaseline b = MODEL.driftBaseline().orElseThrow();
        Task other = Task.of(MODEL.withDriftBaseline(new DriftBaseline(b.distribution(), b.regimes(), null)), T0);
        other.restore(List.of(snapshot), 0, 1, T0 + 1_500);
        for (int i = 0; i < 10; i++) {
            other.observe("m1", 120, T0 + 1_600 + i, out);
        }
        other.drift.advance(T0 + 2_000, out::add);
        assertThat(health("m1").readings()).isEqualTo(10);
        assertThat(other.states.get("m1").regime())
                .as("the regime track comes back all the same")
                .isEqualTo(3);
    }

    @Test
    void afterARescaleAMachinesWindowGoesWithItButIsReportedOnlyByTheTaskItsReadingsReach() {
        byte[] snapshot = driftingMachineSnapshot();
        Task quiet = Task.of(MODEL, T0 + 1_500); // restores m1 too, but m1's readings go elsewhere
        quiet.restore(List.of(snapshot), 1, 2, T0 + 1_500);
        quiet.drift.advance(T0 + 2_000, out::add);
        assertThat(out).as("dormant: not this task's machine").isEmpty();

        Task scoring = Task.of(MODEL, T0 + 1_500);
        scoring.restore(List.of(snapshot), 0, 2, T0 + 1_500);
        for (int i = 0; i < 10; i++) {
            scoring.observe("m1", 120, T0 + 1_600 + i, out);
        }
        scoring.drift.advance(T0 + 2_000, out::add);
        assertThat(health("m1").readings())
                .as("26 from before the rescale, 10 after")
                .isEqualTo(36);
        assertThat(health(null).readings())
                .as("the overall series is the task's own: it starts afresh")
                .isEqualTo(10);
    }

    @Test
    void aSnapshotTakesTheIdATrackOf8To24BytesAndAWindowOf40To45BytesPerMachine() {
        Task full = Task.of(MODEL, T0);
        for (int m = 0; m < 1_000; m++) {
            for (int i = 0; i < 20; i++) {
                full.observe("machine-" + m, 38 + (i % 10) * 3, T0 + 10 + i, out);
            }
        }
        full.drift.advance(T0 + 1_000, out::add);
        for (int m = 0; m < 1_000; m++) { // the other half of each window too
            for (int i = 0; i < 20; i++) {
                full.observe("machine-" + m, 38 + (i % 10) * 3, T0 + 1_010 + i, out);
            }
        }
        int ids = 0;
        for (int m = 0; m < 1_000; m++) {
            ids += 2 + ("machine-" + m).length(); // writeUTF: length, then the characters
        }
        int tracks = MachineStateSnapshots.snapshot(full.states, 0, 1, null).length - ids; // drift off
        assertThat(tracks / 1_000)
                .as("bytes per machine besides its id for its track (8, 24 with a change under way)")
                .isBetween(8, 24);
        assertThat((full.snapshot(0, 1).length - ids - tracks) / 1_000)
                .as("bytes per machine for its window with readings in both halves")
                .isBetween(40, 45);

        full.drift.advance(T0 + 3_000, out::add); // both halves rolled out: the windows are empty
        assertThat((full.snapshot(0, 1).length - ids - tracks) / 1_000)
                .as("bytes per machine for a window without readings")
                .isLessThanOrEqualTo(4);
    }

    private ModelHealth health(String machineId) {
        return out.stream()
                .filter(o -> o.kind() == JobOutput.Kind.MODEL_HEALTH)
                .map(JobOutput::modelHealth)
                .filter(h -> Objects.equals(h.machineId(), machineId))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no figures of " + machineId + " in " + out));
    }

    private List<ModelDrift> events() {
        return out.stream()
                .filter(o -> o.kind() == JobOutput.Kind.MODEL_DRIFT)
                .map(JobOutput::modelDrift)
                .toList();
    }
}
