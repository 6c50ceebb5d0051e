package io.regimestream.job.machines;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.records.RegimeChange;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.ScoringSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

/** The per-machine records alone: the regime-change debounce, checkpoints, the idle eviction and the limit. */
class MachineStatesTest {

    private static final long T0 = 1_764_213_600_000L;

    static MachineStates states(int debounce) {
        return new MachineStates(
                JobConfig.defaults().scoring().withRegimeChangeReadings(debounce), new UnregisteredMetricsGroup());
    }

    /** As the scorer does: the machine's record for the reading, then its track moved on. */
    static RegimeChange observe(MachineStates states, String machine, long timestamp, int regime, double c, long now) {
        return states.observe(states.claim(machine, now), timestamp, regime, c, "v1");
    }

    @Test
    void aChangeIsReportedOnceTheNewRegimeHoldsForTheDebounceCountAndShortExcursionsAreIgnored() {
        MachineStates states = states(3);
        List<RegimeChange> changes = new ArrayList<>();
        // regimes of press-01, one reading a second: a 1-reading blip to 1, a real move to 2, a 2-reading
        // blip to 1 cut short by 3 (which then holds), and a last 0 that has not held yet.
        int[] regimes = {0, 0, 0, 1, 0, 0, 2, 2, 2, 2, 1, 1, 3, 3, 3, 0};
        double[] confidences = {.9, .9, .9, .6, .9, .9, .7, .8, .9, .9, .6, .6, .8, .9, 1.0, .9};
        for (int i = 0; i < regimes.length; i++) {
            add(changes, observe(states, "press-01", T0 + i * 1000L, regimes[i], confidences[i], T0 + i));
            add(changes, observe(states, "press-02", T0 + i * 1000L, 1, 0.9, T0 + i)); // steady: never a change
        }

        assertThat(changes)
                .containsExactly(
                        new RegimeChange("press-01", 0, 2, T0 + 6000, (0.7 + 0.8 + 0.9) / 3, 3, "v1"),
                        new RegimeChange("press-01", 2, 3, T0 + 12000, (0.8 + 0.9 + 1.0) / 3, 3, "v1"));
    }

    @Test
    void withADebounceOfOneEveryChangeIsReportedAtOnce() {
        MachineStates states = states(1);
        List<RegimeChange> changes = new ArrayList<>();
        for (int regime : new int[] {0, 1, 1, 0}) {
            add(changes, observe(states, "m", T0 + regime, regime, 0.9, T0));
        }
        assertThat(changes)
                .extracting(c -> c.fromRegime() + "->" + c.toRegime())
                .containsExactly("0->1", "1->0");
    }

    @Test
    void aSnapshotKeepsClaimedAndHashOwnedRecordsAndTheLaterCopyWinsOnRestore() {
        MachineStates before = states(3);
        observe(before, "m", T0, 0, 0.9, 100);
        observe(before, "m", T0 + 1, 2, 0.9, 101); // candidate 2, 1 reading
        byte[] old = MachineStateSnapshots.snapshot(before, 0, 1, null);

        // Another task restores it (unclaimed), takes m's next reading (claims it) and moves it on.
        MachineStates other = states(3);
        MachineStateSnapshots.restore(other, List.of(old), 1, 2, null, 0);
        observe(other, "m", T0 + 2, 2, 0.9, 50); // an earlier clock: the update still counts as later
        byte[] newer = MachineStateSnapshots.snapshot(other, 1, 2, null);

        MachineStates restored = states(3);
        MachineStateSnapshots.restore(restored, List.of(newer, old), 0, 1, null, 0); // the stale copy too
        List<RegimeChange> changes = new ArrayList<>();
        add(changes, observe(restored, "m", T0 + 3, 2, 0.9, 200));
        assertThat(changes)
                .extracting(c -> c.fromRegime() + "->" + c.toRegime() + " " + c.readings())
                .containsExactly("0->2 3");

        // Unclaimed records go only into the snapshot of the task their machine hashes to.
        MachineStates unclaimed = states(3);
        MachineStateSnapshots.restore(unclaimed, List.of(old), 0, 3, null, 0);
        int owner = MachineStates.owner("m", 3);
        for (int subtask = 0; subtask < 3; subtask++) {
            MachineStates copy = states(3);
            MachineStateSnapshots.restore(
                    copy, List.of(MachineStateSnapshots.snapshot(unclaimed, subtask, 3, null)), 0, 1, null, 0);
            assertThat(copy.size()).as("subtask %s", subtask).isEqualTo(subtask == owner ? 1 : 0);
        }
    }

    @Test
    void aHundredThousandMachinesFitInASmallSnapshotAndComeBackWhole() {
        MachineStates states = states(3);
        for (int i = 0; i < 100_000; i++) {
            observe(states, "press-" + i, T0, i % 4, 0.9, T0 + i);
            if (i % 10 == 0) {
                observe(states, "press-" + i, T0 + 1, (i + 1) % 4, 0.8, T0 + i + 1); // a change under way
            }
        }
        byte[] snapshot = MachineStateSnapshots.snapshot(states, 0, 1, null);
        assertThat(snapshot.length).as("bytes for 100,000 machines").isLessThan(2_500_000);

        MachineStates restored = states(3);
        MachineStateSnapshots.restore(restored, List.of(snapshot), 0, 1, null, T0 + 200_000);
        assertThat(restored.size()).isEqualTo(100_000);
        // The pending changes continue: two more readings in the new regime confirm each of them.
        List<RegimeChange> changes = new ArrayList<>();
        for (int i = 0; i < 100_000; i += 10) {
            observe(restored, "press-" + i, T0 + 2, (i + 1) % 4, 0.8, T0 + 200_000);
            add(changes, observe(restored, "press-" + i, T0 + 3, (i + 1) % 4, 0.8, T0 + 200_001));
        }
        assertThat(changes).hasSize(10_000).allSatisfy(c -> {
            assertThat(c.readings()).isEqualTo(3);
            assertThat(c.timestamp()).isEqualTo(T0 + 1);
        });
    }

    @Test
    void machinesIdleLongerThanTheTimeoutAreEvictedAndCountedAndComeBackAsNewMachines() {
        MetricListener metrics = new MetricListener();
        MachineStates states = new MachineStates(
                JobConfig.defaults().scoring().withMachineLimits(1_000, Duration.ofMinutes(10)),
                metrics.getMetricGroup());
        observe(states, "idle", T0, 0, 0.9, T0);
        observe(states, "busy", T0, 0, 0.9, T0);
        observe(states, "busy", T0, 1, 0.9, T0 + 9 * 60_000); // a change under way
        states.evictIdle(T0 + 10 * 60_000); // exactly 10 minutes: not longer
        assertThat(states.size()).isEqualTo(2);

        states.evictIdle(T0 + 10 * 60_000 + states.sweepMillis()); // idle longer: gone; busy stays
        assertThat(states.get("idle")).isNull();
        assertThat(states.get("busy").regime()).isZero();
        assertThat(metrics.getCounter("machinesEvicted").orElseThrow().getCount())
                .isEqualTo(1);
        assertThat(metrics.<Integer>getGauge("machinesTracked").orElseThrow().getValue())
                .isEqualTo(1);
        assertThat(observe(states, "idle", T0 + 1, 3, 0.9, T0 + 11 * 60_000))
                .as("back after its eviction: its first prediction sets its regime, no change")
                .isNull();
        assertThat(states.get("idle").regime()).isEqualTo(3);
    }

    @Test
    void theSweepLooksAtMostEveryTenthOfTheIdleTime() {
        MachineStates states = states(3); // idle 24 h: the sweep every minute
        assertThat(states.sweepMillis()).isEqualTo(60_000);
        observe(states, "m", T0, 0, 0.9, T0);
        states.evictIdle(T0 + Duration.ofHours(25).toMillis());
        assertThat(states.size()).isZero();
        assertThat(states.nextSweep()).isEqualTo(T0 + Duration.ofHours(25).toMillis() + 60_000);
    }

    @Test
    void restoredMachinesCountAsIdleFromTheRestoreAtTheEarliest() {
        MachineStates before = states(3);
        observe(before, "m", T0, 0, 0.9, T0);
        byte[] snapshot = MachineStateSnapshots.snapshot(before, 0, 1, null);
        long restoredAt = T0 + Duration.ofDays(3).toMillis(); // a savepoint restored three days later
        MachineStates after = states(3);
        MachineStateSnapshots.restore(after, List.of(snapshot), 0, 1, null, restoredAt);
        after.evictIdle(restoredAt + 1);
        assertThat(after.size()).as("its readings may be waiting in Kafka").isEqualTo(1);
        after.evictIdle(restoredAt + Duration.ofHours(24).toMillis() + 1);
        assertThat(after.size()).isZero();
    }

    @Test
    void beyondTheLimitANewMachineGetsNoRecordAndTheOthersKeepTheirs() {
        MachineStates states = new MachineStates(
                JobConfig.defaults().scoring().withMachineLimits(2, ScoringSettings.DEFAULT_MACHINE_IDLE_TIMEOUT),
                new UnregisteredMetricsGroup());
        assertThat(states.claim("a", T0)).isNotNull();
        assertThat(states.claim("b", T0)).isNotNull();
        assertThat(states.claim("c", T0)).as("a third machine").isNull();
        assertThat(states.claim("a", T0 + 1)).as("one it has").isNotNull();
        assertThat(states.size()).isEqualTo(2);
        assertThat(states.refusal("c", "score-regime 1/2"))
                .contains("score-regime 1/2 already holds the state of 2 machines, its --max-machines-per-task")
                .contains("machine 'c' is new to it and was not scored");

        // A restored machine counts once its reading arrives, like a new one.
        MachineStates restored = new MachineStates(
                JobConfig.defaults().scoring().withMachineLimits(2, ScoringSettings.DEFAULT_MACHINE_IDLE_TIMEOUT),
                new UnregisteredMetricsGroup());
        MachineStateSnapshots.restore(
                restored, List.of(MachineStateSnapshots.snapshot(states, 0, 1, null)), 0, 1, null, T0);
        assertThat(restored.claim("x", T0)).isNotNull();
        assertThat(restored.claim("a", T0)).isNotNull();
        assertThat(restored.claim("b", T0))
                .as("restored, but the limit is reached")
                .isNull();
        assertThat(restored.claimed()).isEqualTo(2);
    }

    @Test
    void theTracksOfTheFormerRegimeTracksStateComeBackWithoutWindows() throws Exception {
        // format 1 of "regime-tracks": FORMAT, base, count, then per machine id, regime, candidate + 1, ..., base -
        // updatedAt
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(1);
            out.writeLong(T0);
            out.writeInt(1);
            out.writeUTF("press-04");
            out.writeByte(0); // regime 0
            out.writeByte(3); // candidate 2
            out.writeByte(2); // for 2 readings
            out.writeLong(T0 + 3000);
            out.writeDouble(1.8);
            out.writeByte(0);
        }
        MachineStates states = states(3);
        MachineStateSnapshots.restoreTracks(states, bytes.toByteArray(), T0);
        assertThat(observe(states, "press-04", T0 + 5000, 2, 0.9, T0 + 1))
                .as("the third reading in regime 2 confirms the change")
                .isEqualTo(new RegimeChange("press-04", 0, 2, T0 + 3000, (1.8 + 0.9) / 3, 3, "v1"));
    }

    private static void add(List<RegimeChange> changes, RegimeChange change) {
        if (change != null) {
            changes.add(change);
        }
    }
}
