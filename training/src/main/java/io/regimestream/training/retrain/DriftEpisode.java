package io.regimestream.training.retrain;

import java.util.Objects;

/**
 * One series' drift, from the job's raised event to its cleared one: what the persistence rule
 * counts, and what a retrain answers.
 *
 * @param series       the series' key on the drift topic: a machine id, or {@code overall/<task>}
 * @param modelVersion the model the drift was raised against
 * @param raisedAt     the end of the window that raised it (the job's processing time, epoch ms)
 * @param handledBy    what was done about it (e.g. {@code canary k5-… announced}), or null while nothing was
 */
public record DriftEpisode(String series, String modelVersion, long raisedAt, String handledBy) {

    public DriftEpisode {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }

    public boolean handled() {
        return handledBy != null;
    }

    DriftEpisode handled(String by) {
        return new DriftEpisode(series, modelVersion, raisedAt, by);
    }

    /** How long it has lasted at {@code now}. */
    long age(long now) {
        return now - raisedAt;
    }
}
