package io.regimestream.training.retrain;

import java.util.List;

/**
 * One retrain, from its start to what came of it.
 *
 * @param startedAt   epoch ms
 * @param covers      the series whose drift it answers
 * @param candidate   the model it announced (version), or null before (or without) an announcement
 * @param sequence    the announcement's sequence; 0 without one
 * @param announcedAt epoch ms of the announcement; 0 without one
 * @param outcome     what came of it in words (e.g. {@code promoted}, {@code not announced: ...}); null while it runs
 */
public record RetrainAttempt(
        long startedAt, List<String> covers, String candidate, long sequence, long announcedAt, String outcome) {

    public RetrainAttempt {
        covers = List.copyOf(covers);
    }

    static RetrainAttempt started(long now, List<DriftEpisode> covering) {
        return new RetrainAttempt(
                now, covering.stream().map(DriftEpisode::series).toList(), null, 0, 0, null);
    }

    RetrainAttempt announced(String version, long seq, long at) {
        return new RetrainAttempt(startedAt, covers, version, seq, at, null);
    }

    RetrainAttempt ended(String what) {
        return new RetrainAttempt(startedAt, covers, candidate, sequence, announcedAt, what);
    }

    boolean wasAnnounced() {
        return candidate != null;
    }
}
