package io.regimestream.job.testing;

import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.simulation.RegimeSimulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Training data for drift tests: readings of the regime simulator as the committed model was
 * trained on (4 default regimes, 3 machines, seed 7), and a copy of a model whose model.json
 * carries their distribution, as training writes it.
 */
public final class DriftBaselines {

    private DriftBaselines() {
    }

    /** {@code n} temperatures of the simulator the committed model was trained on. */
    public static double[] trainingTemperatures(int n) {
        RegimeSimulator simulator = RegimeSimulator.builder().machines(3).seed(7).build();
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = simulator.next().reading().temperature();
        }
        return t;
    }

    /** count, min, max and the 9 deciles (nearest rank) of {@code temperatures}. */
    public static ModelMetadata.TrainingDistribution distribution(double[] temperatures) {
        double[] sorted = temperatures.clone();
        Arrays.sort(sorted);
        double[] deciles = new double[DriftBaseline.DECILES];
        for (int k = 1; k <= deciles.length; k++) {
            deciles[k - 1] = sorted[(int) Math.ceil(k * sorted.length / 10.0) - 1];
        }
        return new ModelMetadata.TrainingDistribution(sorted.length, sorted[0], sorted[sorted.length - 1], deciles);
    }

    /**
     * A copy of {@code pmml} and its model.json in {@code dir}, the model.json with {@code distribution}.
     *
     * @return the copied PMML
     */
    public static Path withDistribution(Path pmml, Path dir, ModelMetadata.TrainingDistribution distribution) {
        try {
            ModelMetadata m = ModelMetadata.read(pmml.resolveSibling(PipelineDefaults.METADATA_FILE));
            Path copy = Files.copy(pmml, dir.resolve(PipelineDefaults.MODEL_FILE));
            new ModelMetadata(m.version(), m.pmmlSha256(), m.k(), m.regimes(), m.inputFields(), m.targetField(), m.accuracy(),
                    m.confusionMatrix(), m.elbow(), m.kSelection(), m.rows(), m.parity(), m.seed(), m.source(), m.libraries(),
                    m.createdAt(), distribution).write(dir.resolve(PipelineDefaults.METADATA_FILE));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
