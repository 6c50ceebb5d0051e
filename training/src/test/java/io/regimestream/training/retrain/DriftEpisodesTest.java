package io.regimestream.training.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.records.ModelDrift;
import io.regimestream.training.retrain.DriftEpisodes.Change;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The persistence rule on the job's drift events, without Kafka or Spark. */
class DriftEpisodesTest {

    static final Duration PERSIST = Duration.ofMinutes(10);
    static final long T0 = 1_764_000_000_000L;
    static final long MINUTE = 60_000;

    final DriftEpisodes episodes = new DriftEpisodes(List.of());

    @Test
    void aDriftThatLastsThePersistenceWithoutClearingIsDueOnce() {
        assertThat(episodes.apply(raised("press-01", "v1", T0)).change()).isEqualTo(Change.OPENED);
        assertThat(episodes.due(T0 + 9 * MINUTE, PERSIST)).isEmpty();
        assertThat(episodes.due(T0 + 10 * MINUTE, PERSIST))
                .extracting(DriftEpisode::series, DriftEpisode::modelVersion, DriftEpisode::raisedAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("press-01", "v1", T0));

        episodes.markHandled(episodes.unhandled(), "shadow v2 announced");
        assertThat(episodes.due(T0 + 60 * MINUTE, PERSIST))
                .as("retrained for once: after that a person decides")
                .isEmpty();
        assertThat(episodes.open())
                .singleElement()
                .satisfies(e -> assertThat(e.handledBy()).isEqualTo("shadow v2 announced"));
    }

    @Test
    void aDriftThatFlapsNeverPersists() {
        for (int i = 0; i < 6; i++) { // raised for 4 minutes, cleared for 1, again and again: 30 minutes in all
            episodes.apply(raised("press-01", "v1", T0 + i * 5 * MINUTE));
            assertThat(episodes.due(T0 + i * 5 * MINUTE + 4 * MINUTE, PERSIST)).isEmpty();
            assertThat(episodes.apply(cleared("press-01", "v1", T0 + i * 5 * MINUTE + 4 * MINUTE))
                            .change())
                    .isEqualTo(Change.CLOSED);
        }
        assertThat(episodes.due(T0 + 60 * MINUTE, PERSIST)).isEmpty();
        assertThat(episodes.open()).isEmpty();
    }

    @Test
    void raisedAgainUnderTheSameModelIsTheSameDriftAndUnderAnotherANewOne() {
        episodes.apply(raised("press-01", "v1", T0));
        assertThat(episodes.apply(raised("press-01", "v1", T0 + 5 * MINUTE)).change())
                .as("the job forgot it had raised it (a rescale): the drift's clock keeps running")
                .isEqualTo(Change.REPEATED);
        assertThat(episodes.due(T0 + 10 * MINUTE, PERSIST)).hasSize(1);
        episodes.markHandled(episodes.unhandled(), "shadow v2 announced");

        DriftEpisodes.Effect underV2 = episodes.apply(raised("press-01", "v2", T0 + 20 * MINUTE));
        assertThat(underV2.change())
                .as("the new model drifts too: a drift of its own")
                .isEqualTo(Change.REOPENED);
        assertThat(underV2.before().handled()).isTrue();
        assertThat(underV2.after().handled()).isFalse();
        assertThat(episodes.due(T0 + 29 * MINUTE, PERSIST)).isEmpty();
        assertThat(episodes.due(T0 + 30 * MINUTE, PERSIST))
                .singleElement()
                .satisfies(e -> assertThat(e.modelVersion()).isEqualTo("v2"));
    }

    @Test
    void aClearedEventClosesTheDriftWhicheverModelClearedItAndAStrayOneNothing() {
        episodes.apply(raised("press-01", "v1", T0));
        assertThat(episodes.apply(cleared("press-02", "v1", T0)).change()).isEqualTo(Change.NOTHING_OPEN);
        DriftEpisodes.Effect gone = episodes.apply(cleared("press-01", "v2", T0 + 12 * MINUTE));
        assertThat(gone.change())
                .as("the promoted model fits: the drift is gone")
                .isEqualTo(Change.CLOSED);
        assertThat(gone.before().modelVersion()).isEqualTo("v1");
        assertThat(episodes.open()).isEmpty();
    }

    @Test
    void aRetrainAnswersEveryDriftOpenWhenItStartsButNotOneRaisedAfter() {
        episodes.apply(raised("press-01", "v1", T0));
        episodes.apply(raised("overall/1/2", "v1", T0 + 8 * MINUTE)); // a task's overall series counts too
        List<DriftEpisode> covering = episodes.unhandled();
        assertThat(covering).extracting(DriftEpisode::series).containsExactlyInAnyOrder("press-01", "overall/1/2");

        episodes.apply(cleared("overall/1/2", "v1", T0 + 9 * MINUTE));
        episodes.apply(raised("overall/1/2", "v1", T0 + 11 * MINUTE)); // a new drift while it trained
        episodes.markHandled(covering, "shadow v2 announced");

        assertThat(episodes.open())
                .extracting(DriftEpisode::series, DriftEpisode::handled)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("press-01", true),
                        org.assertj.core.groups.Tuple.tuple("overall/1/2", false));
        assertThat(episodes.due(T0 + 21 * MINUTE, PERSIST))
                .extracting(DriftEpisode::series)
                .containsExactly("overall/1/2");
    }

    @Test
    void episodesComeBackFromTheStateAsTheyWere() {
        DriftEpisodes restored = new DriftEpisodes(List.of(
                new DriftEpisode("press-01", "v1", T0, "shadow v2 announced"),
                new DriftEpisode("press-02", "v1", T0, null)));
        assertThat(restored.due(T0 + PERSIST.toMillis(), PERSIST))
                .extracting(DriftEpisode::series)
                .containsExactly("press-02");
    }

    static ModelDrift raised(String series, String version, long windowEnd) {
        return event(series, version, windowEnd, false);
    }

    static ModelDrift cleared(String series, String version, long windowEnd) {
        return event(series, version, windowEnd, true);
    }

    static ModelDrift event(String series, String version, long windowEnd, boolean cleared) {
        boolean overall = series.startsWith("overall/");
        return new ModelDrift(
                overall ? null : series,
                overall ? series.substring("overall/".length()) : "1/1",
                windowEnd - 60_000,
                windowEnd,
                400,
                cleared ? 0.01 : 3.2,
                cleared ? 0.0 : 0.6,
                0.1,
                cleared ? 0.5 : 9.0,
                !cleared,
                !cleared,
                0.2,
                0.05,
                version,
                cleared);
    }
}
