package io.regimestream.training.retrain;

import io.regimestream.common.records.ModelDrift;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The drift the job reports, per series, as episodes, and the persistence rule on them. It reads
 * only the events ({@code machine-model-drift}: raised, cleared, under which model), never their
 * figures, so it holds whatever formula the job uses to decide that a series drifts.
 *
 * <ul>
 *   <li>A raised event opens an episode for its series; raised again under the same model (the job
 *       forgot it had raised it, e.g. after a rescale) it is the same episode; raised under another
 *       model (the model changed and the drift stayed) it is a new one.
 *   <li>A cleared event closes the series' episode, whatever model cleared it.
 *   <li>An episode <em>persists</em> once it has lasted {@code persistence} without being cleared.
 *       A drift that flaps (raised, cleared, raised within the persistence) never persists: each
 *       clearing restarts its clock.
 *   <li>One retrain answers every episode open when it starts ({@link #markHandled}); a handled
 *       episode is not retrained for again, however long it lasts (after a rollback a person
 *       decides), until it closes and a new one opens.
 * </ul>
 *
 * Not thread-safe: the retrainer's one thread.
 */
final class DriftEpisodes {

    /** What an event did, for the retrainer's log. */
    enum Change {
        OPENED,
        /** Raised again under the same model: nothing changes. */
        REPEATED,
        /** Raised under another model than the open episode's: a new episode replaces it. */
        REOPENED,
        CLOSED,
        /** Cleared, but no episode was open (raised before the retrainer's first event, or already closed). */
        NOTHING_OPEN
    }

    /** An event's effect: the change, and the episode before and after it (null where there is none). */
    record Effect(Change change, DriftEpisode before, DriftEpisode after) {}

    private final Map<String, DriftEpisode> open = new TreeMap<>();

    DriftEpisodes(Collection<DriftEpisode> restored) {
        restored.forEach(e -> open.put(e.series(), e));
    }

    Effect apply(ModelDrift event) {
        String series = event.seriesKey();
        DriftEpisode current = open.get(series);
        if (event.cleared()) {
            if (current == null) {
                return new Effect(Change.NOTHING_OPEN, null, null);
            }
            open.remove(series);
            return new Effect(Change.CLOSED, current, null);
        }
        if (current != null && current.modelVersion().equals(event.modelVersion())) {
            return new Effect(Change.REPEATED, current, current);
        }
        DriftEpisode opened = new DriftEpisode(series, event.modelVersion(), event.windowEnd(), null);
        open.put(series, opened);
        return new Effect(current == null ? Change.OPENED : Change.REOPENED, current, opened);
    }

    /** Episodes that have persisted at {@code now} and were not handled yet, oldest first. */
    List<DriftEpisode> due(long now, Duration persistence) {
        List<DriftEpisode> due = new ArrayList<>();
        for (DriftEpisode e : open.values()) {
            if (!e.handled() && e.age(now) >= persistence.toMillis()) {
                due.add(e);
            }
        }
        due.sort(java.util.Comparator.comparingLong(DriftEpisode::raisedAt));
        return due;
    }

    /** Open episodes not handled yet: what a retrain starting now answers. */
    List<DriftEpisode> unhandled() {
        return open.values().stream().filter(e -> !e.handled()).toList();
    }

    /** Marks the given episodes, if still open under the same model, as handled {@code by}. */
    void markHandled(Collection<DriftEpisode> episodes, String by) {
        for (DriftEpisode e : episodes) {
            open.computeIfPresent(e.series(), (series, now) -> now.raisedAt() == e.raisedAt() ? now.handled(by) : now);
        }
    }

    /** Every open episode, by series. */
    List<DriftEpisode> open() {
        return List.copyOf(open.values());
    }
}
