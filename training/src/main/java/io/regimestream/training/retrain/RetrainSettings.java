package io.regimestream.training.retrain;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the retrainer was told, already checked by its command line.
 *
 * @param readingsTopic  where the readings are (the window is read from it)
 * @param driftTopic     the job's drift events
 * @param modelTopic     the job's control topic, where candidates are announced
 * @param persistence    how long a drift must last, not cleared, before it is retrained for
 * @param window         the window's span: readings of the last {@code window}
 * @param windowReadings at most this many readings, the latest
 * @param minReadings    a window with fewer is not trained on: the retrain waits for more
 * @param minTemperature the lowest plausible temperature, as the job's: colder readings are not trained on
 * @param maxTemperature the highest, likewise
 * @param retryAfter     how long to wait after a window too small before trying again
 * @param workDir        the retrainer's folder: its state, lock, and one folder per candidate under {@code models/}
 * @param jobModels      folders of models whose regimes a candidate is compared with (the job's start model)
 */
public record RetrainSettings(
        String readingsTopic,
        String driftTopic,
        String modelTopic,
        Duration persistence,
        Duration window,
        int windowReadings,
        int minReadings,
        double minTemperature,
        double maxTemperature,
        Duration retryAfter,
        Path workDir,
        List<Path> jobModels) {

    public RetrainSettings {
        jobModels = List.copyOf(jobModels);
    }

    boolean plausible(double temperature) {
        return temperature >= minTemperature && temperature <= maxTemperature;
    }

    /** Where the candidates are trained, each in a folder of its own. */
    Path modelsDir() {
        return workDir.resolve("models");
    }
}
