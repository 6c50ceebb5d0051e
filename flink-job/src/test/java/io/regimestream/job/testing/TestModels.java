package io.regimestream.job.testing;

import io.regimestream.common.config.PipelineDefaults;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Models for tests: the committed, trained one, and a small stand-in that tests may alter. */
public final class TestModels {

    private TestModels() {
    }

    /** {@code model-artifacts/model.pmml} of this checkout (tests run in {@code flink-job/}). */
    public static Path committed() {
        Path model = Path.of("..", PipelineDefaults.MODEL_DIRECTORY, PipelineDefaults.MODEL_FILE).toAbsolutePath().normalize();
        if (!Files.isRegularFile(model)) {
            throw new IllegalStateException("no trained model at " + model + ": the training module commits it "
                    + "(run bin/train or merge the training branch)");
        }
        return model;
    }

    /** A copy of the softmax stand-in model (test resource) in {@code dir}, which tests may alter. */
    public static Path standIn(Path dir) {
        try (InputStream in = TestModels.class.getResourceAsStream("/models/softmax/model.pmml")) {
            Path model = dir.resolve(PipelineDefaults.MODEL_FILE);
            Files.copy(in, model);
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
