package io.regimestream.training.retrain;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.regimestream.common.codec.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the retrainer remembers across restarts, in one file ({@code state.json} in its work
 * folder) that is replaced whole, by rename, after every change: the position it has read the drift
 * topic to and the episodes that position gives, which therefore always agree (a restart neither
 * counts an event twice nor misses one), the retrain in flight, and the latest retrains.
 *
 * @param format     {@value #FORMAT}
 * @param driftTopic the topic the positions are of: another topic's positions are not used
 * @param positions  per partition of the drift topic, the offset of the next event to read
 * @param episodes   the open drift episodes
 * @param inFlight   the retrain under way, or null
 * @param recent     the latest retrains that ended, newest last (at most {@value #RECENT})
 */
public record RetrainState(
        int format,
        String driftTopic,
        Map<Integer, Long> positions,
        List<DriftEpisode> episodes,
        RetrainAttempt inFlight,
        List<RetrainAttempt> recent) {

    static final int FORMAT = 1;
    static final int RECENT = 20;
    static final String FILE = "state.json";

    public RetrainState {
        positions = new TreeMap<>(positions);
        episodes = List.copyOf(episodes);
        recent = List.copyOf(recent);
    }

    static RetrainState fresh(String driftTopic) {
        return new RetrainState(FORMAT, driftTopic, Map.of(), List.of(), null, List.of());
    }

    RetrainState with(Map<Integer, Long> newPositions, List<DriftEpisode> newEpisodes, RetrainAttempt running) {
        return new RetrainState(format, driftTopic, newPositions, newEpisodes, running, recent);
    }

    /** The in-flight retrain ended as {@code ended} says: it joins the recent ones. */
    RetrainState ended(RetrainAttempt ended) {
        List<RetrainAttempt> all = new ArrayList<>(recent);
        all.add(ended);
        return new RetrainState(
                format,
                driftTopic,
                positions,
                episodes,
                null,
                all.subList(Math.max(0, all.size() - RECENT), all.size()));
    }

    /**
     * The state in {@code dir}, or a fresh one when there is none yet.
     *
     * @throws IOException when the file is there but unreadable, or of another drift topic: the message says what to do
     */
    static RetrainState load(Path dir, String driftTopic) throws IOException {
        Path file = dir.resolve(FILE);
        RetrainState state;
        try {
            state = Json.mapper().readValue(Files.readAllBytes(file), RetrainState.class);
        } catch (NoSuchFileException e) {
            return fresh(driftTopic);
        } catch (IOException e) {
            throw new IOException(file + " is not a retrainer's state (" + e.getMessage() + "): move it away to start "
                    + "afresh (the drift topic is then read from its beginning)");
        }
        if (state.format() != FORMAT) {
            throw new IOException(file + " is in format " + state.format() + ", this retrainer reads " + FORMAT);
        }
        if (!state.driftTopic().equals(driftTopic)) {
            throw new IOException(file + " follows the drift topic " + state.driftTopic() + ", not " + driftTopic
                    + ": give each drift topic a --work-dir of its own");
        }
        return state;
    }

    /** Writes the state into {@code dir}: a temporary file first, then renamed over the old one. */
    void save(Path dir) throws IOException {
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.write(
                tmp, Json.mapper().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(this));
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
