package io.regimestream.training.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrainStateTest {

    @TempDir
    Path dir;

    @Test
    void theStateComesBackAsSavedAndWithoutAFileAFreshOneStarts() throws Exception {
        assertThat(RetrainState.load(dir, "drift")).isEqualTo(RetrainState.fresh("drift"));

        RetrainAttempt running = RetrainAttempt.started(5, List.of(new DriftEpisode("press-01", "v1", 1, null)));
        RetrainState state = RetrainState.fresh("drift")
                .with(Map.of(0, 12L, 1, 3L), List.of(new DriftEpisode("press-01", "v1", 1, null)), running);
        state = state.ended(running.announced("k5-x", 77, 9).ended("shadow k5-x announced"));
        state.save(dir);

        RetrainState back = RetrainState.load(dir, "drift");
        assertThat(back).isEqualTo(state);
        assertThat(back.positions()).containsEntry(0, 12L).containsEntry(1, 3L);
        assertThat(back.inFlight()).isNull();
        assertThat(back.recent()).singleElement().satisfies(a -> {
            assertThat(a.candidate()).isEqualTo("k5-x");
            assertThat(a.covers()).containsExactly("press-01");
            assertThat(a.outcome()).isEqualTo("shadow k5-x announced");
        });
        assertThat(dir.resolve(RetrainState.FILE + ".tmp")).doesNotExist();
    }

    @Test
    void onlyTheLatestRetrainsAreKept() throws Exception {
        RetrainState state = RetrainState.fresh("drift");
        for (int i = 0; i < RetrainState.RECENT + 5; i++) {
            state = state.ended(RetrainAttempt.started(i, List.of()).ended("attempt " + i));
        }
        assertThat(state.recent()).hasSize(RetrainState.RECENT);
        assertThat(state.recent().get(RetrainState.RECENT - 1).outcome()).isEqualTo("attempt 24");
    }

    @Test
    void aStateOfAnotherDriftTopicOrNoStateAtAllIsRefusedWithWhatToDo() throws Exception {
        RetrainState.fresh("drift").save(dir);
        assertThatThrownBy(() -> RetrainState.load(dir, "other-drift"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("follows the drift topic drift, not other-drift")
                .hasMessageContaining("--work-dir");
        Files.writeString(dir.resolve(RetrainState.FILE), "{\"format\":");
        assertThatThrownBy(() -> RetrainState.load(dir, "drift"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not a retrainer's state")
                .hasMessageContaining("move it away to start afresh");
    }
}
