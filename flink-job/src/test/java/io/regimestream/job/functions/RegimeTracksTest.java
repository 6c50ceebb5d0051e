package io.regimestream.job.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.records.RegimeChange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-machine regime-change detector alone (the scenarios of the former keyed DetectRegimeChanges). */
class RegimeTracksTest {

    private static final long T0 = 1_764_213_600_000L;

    @Test
    void aChangeIsReportedOnceTheNewRegimeHoldsForTheDebounceCountAndShortExcursionsAreIgnored() {
        RegimeTracks tracks = new RegimeTracks(3);
        List<RegimeChange> changes = new ArrayList<>();
        // regimes of press-01, one reading a second: a 1-reading blip to 1, a real move to 2, a 2-reading
        // blip to 1 cut short by 3 (which then holds), and a last 0 that has not held yet.
        int[] regimes = {0, 0, 0, 1, 0, 0, 2, 2, 2, 2, 1, 1, 3, 3, 3, 0};
        double[] confidences = {.9, .9, .9, .6, .9, .9, .7, .8, .9, .9, .6, .6, .8, .9, 1.0, .9};
        for (int i = 0; i < regimes.length; i++) {
            add(changes, tracks.observe("press-01", T0 + i * 1000L, regimes[i], confidences[i], "v1", i));
            add(changes, tracks.observe("press-02", T0 + i * 1000L, 1, 0.9, "v1", i)); // steady: never a change
        }

        assertThat(changes)
                .containsExactly(
                        new RegimeChange("press-01", 0, 2, T0 + 6000, (0.7 + 0.8 + 0.9) / 3, 3, "v1"),
                        new RegimeChange("press-01", 2, 3, T0 + 12000, (0.8 + 0.9 + 1.0) / 3, 3, "v1"));
    }

    @Test
    void withADebounceOfOneEveryChangeIsReportedAtOnce() {
        RegimeTracks tracks = new RegimeTracks(1);
        List<RegimeChange> changes = new ArrayList<>();
        for (int regime : new int[] {0, 1, 1, 0}) {
            add(changes, tracks.observe("m", T0 + regime, regime, 0.9, "v1", 0));
        }
        assertThat(changes)
                .extracting(c -> c.fromRegime() + "->" + c.toRegime())
                .containsExactly("0->1", "1->0");
    }

    @Test
    void theDebounceCountMustBePositive() {
        assertThatThrownBy(() -> new RegimeTracks(0)).hasMessageContaining("--regime-change-readings");
    }

    @Test
    void aSnapshotKeepsClaimedAndHashOwnedTracksAndTheLaterCopyWinsOnRestore() {
        RegimeTracks before = new RegimeTracks(3);
        before.observe("m", T0, 0, 0.9, "v1", 100);
        before.observe("m", T0 + 1, 2, 0.9, "v1", 101); // candidate 2, 1 reading
        byte[] old = before.snapshot(0, 1);

        // Another task restores it (unclaimed), takes m's next reading (claims it) and moves it on.
        RegimeTracks other = new RegimeTracks(3);
        other.restore(old);
        other.observe("m", T0 + 2, 2, 0.9, "v1", 50); // an earlier clock: the update still counts as later
        byte[] newer = other.snapshot(1, 2);

        RegimeTracks restored = new RegimeTracks(3);
        restored.restore(newer);
        restored.restore(old); // the stale copy, as a hash owner would also have kept it
        List<RegimeChange> changes = new ArrayList<>();
        add(changes, restored.observe("m", T0 + 3, 2, 0.9, "v1", 200));
        assertThat(changes)
                .extracting(c -> c.fromRegime() + "->" + c.toRegime() + " " + c.readings())
                .containsExactly("0->2 3");

        // Unclaimed tracks go only into the snapshot of the task their machine hashes to.
        RegimeTracks unclaimed = new RegimeTracks(3);
        unclaimed.restore(old);
        int owner = RegimeTracks.owner("m", 3);
        for (int subtask = 0; subtask < 3; subtask++) {
            RegimeTracks copy = new RegimeTracks(3);
            copy.restore(unclaimed.snapshot(subtask, 3));
            assertThat(copy.size()).as("subtask %s", subtask).isEqualTo(subtask == owner ? 1 : 0);
        }
    }

    @Test
    void aHundredThousandMachinesFitInASmallSnapshotAndComeBackWhole() {
        RegimeTracks tracks = new RegimeTracks(3);
        for (int i = 0; i < 100_000; i++) {
            tracks.observe("press-" + i, T0, i % 4, 0.9, "v1", T0 + i);
            if (i % 10 == 0) {
                tracks.observe("press-" + i, T0 + 1, (i + 1) % 4, 0.8, "v1", T0 + i + 1); // a change under way
            }
        }
        byte[] snapshot = tracks.snapshot(0, 1);
        assertThat(snapshot.length).as("bytes for 100,000 machines").isLessThan(2_500_000);

        RegimeTracks restored = new RegimeTracks(3);
        restored.restore(snapshot);
        assertThat(restored.size()).isEqualTo(100_000);
        // The pending changes continue: two more readings in the new regime confirm each of them.
        List<RegimeChange> changes = new ArrayList<>();
        for (int i = 0; i < 100_000; i += 10) {
            restored.observe("press-" + i, T0 + 2, (i + 1) % 4, 0.8, "v1", T0 + 200_000);
            add(changes, restored.observe("press-" + i, T0 + 3, (i + 1) % 4, 0.8, "v1", T0 + 200_001));
        }
        assertThat(changes).hasSize(10_000).allSatisfy(c -> {
            assertThat(c.readings()).isEqualTo(3);
            assertThat(c.timestamp()).isEqualTo(T0 + 1);
        });
    }

    private static void add(List<RegimeChange> changes, RegimeChange change) {
        if (change != null) {
            changes.add(change);
        }
    }
}
