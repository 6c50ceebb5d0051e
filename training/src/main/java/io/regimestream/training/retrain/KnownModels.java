package io.regimestream.training.retrain;

import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.model.ModelMetadata.RegimeSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The models whose regimes the retrainer knows, to tell whether a retrained model is any different
 * from the one that drifted: the job's start model ({@code --job-model}) and every model it trained
 * itself (in its work folder). Read from their {@code model.json} files only: announcements on the
 * control topic are not taken on trust here.
 */
final class KnownModels {

    /**
     * A regime of the candidate is "the same" as the active model's when its centroid lies within this many of the
     * active regime's spreads: retrained on readings like the training data, centroids move by a small fraction of
     * a spread; a regime that moved by half a spread is a change worth a canary.
     */
    static final double SAME_CENTROID_SPREADS = 0.5;

    private final List<Path> folders;

    KnownModels(List<Path> folders) {
        this.folders = List.copyOf(folders);
    }

    /** The model.json of {@code version}, if one of the folders, or a folder under them, holds it. */
    Optional<ModelMetadata> find(String version) {
        for (Path folder : folders) {
            for (Path json : candidates(folder)) {
                try {
                    ModelMetadata m = ModelMetadata.read(json);
                    if (version.equals(m.version())) {
                        return Optional.of(m);
                    }
                } catch (IOException unreadable) {
                    // not a model of ours: another folder may hold it
                }
            }
        }
        return Optional.empty();
    }

    private static List<Path> candidates(Path folder) {
        List<Path> files = new ArrayList<>();
        Path own = folder.resolve(PipelineDefaults.METADATA_FILE);
        if (Files.isRegularFile(own)) {
            files.add(own);
        }
        if (Files.isDirectory(folder)) {
            try (Stream<Path> children = Files.list(folder)) {
                children.map(c -> c.resolve(PipelineDefaults.METADATA_FILE))
                        .filter(Files::isRegularFile)
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /**
     * Null when {@code candidate} has other regimes than {@code active}; otherwise why they are the same, e.g.
     * {@code the same 4 regimes (centroids within 0.12 °C)}.
     */
    static String sameRegimes(ModelMetadata candidate, ModelMetadata active) {
        List<RegimeSummary> c = candidate.regimes();
        List<RegimeSummary> a = active.regimes();
        if (c == null || a == null || a.isEmpty() || c.size() != a.size()) {
            return null;
        }
        double largest = 0;
        for (int i = 0; i < a.size(); i++) {
            double moved = Math.abs(c.get(i).centroid() - a.get(i).centroid());
            if (moved > SAME_CENTROID_SPREADS * a.get(i).spread()) {
                return null;
            }
            largest = Math.max(largest, moved);
        }
        return String.format(Locale.ROOT, "the same %d regimes (centroids within %.2f °C)", a.size(), largest);
    }
}
