package io.regimestream.training;

import io.regimestream.training.data.Dataset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Everything a run needs, already checked by the command line.
 *
 * @param input        file of readings, or null to generate
 * @param generate     how many readings to generate when {@code input} is null
 * @param k            regimes wanted, or null to choose with the elbow method
 * @param hiddenLayers hidden layer sizes of the MLP (the input layer 1 and output layer k are added)
 * @param master       Spark master, or null for spark-submit's or local[*]
 */
public record TrainingSettings(
        Path input,
        int generate,
        Dataset dataset,
        long seed,
        int machines,
        int kMin,
        int kMax,
        double elbowSample,
        Integer k,
        int[] hiddenLayers,
        int maxIter,
        double testFraction,
        Path out,
        String master,
        boolean saveData) {

    /** [1, hidden..., k]: the MLP's full layer sizes. */
    public int[] layersFor(int regimes) {
        int[] layers = new int[hiddenLayers.length + 2];
        layers[0] = 1;
        System.arraycopy(hiddenLayers, 0, layers, 1, hiddenLayers.length);
        layers[layers.length - 1] = regimes;
        return layers;
    }

    /** The settings that shape the model once data and k are fixed; part of the model version. */
    public String classifierSettings() {
        return String.format(
                Locale.ROOT,
                "seed=%d|layers=%s|maxIter=%d|testFraction=%s",
                seed,
                layersText(hiddenLayers),
                maxIter,
                testFraction);
    }

    /** The settings in one line, for report.md. */
    public String describe(int k) {
        return String.format(
                Locale.ROOT,
                "k %d, seed %d, hidden layers %s, max-iter %d, test fraction %s, elbow sample %s, " + "k range %d..%d",
                k,
                seed,
                layersText(hiddenLayers),
                maxIter,
                testFraction,
                elbowSample,
                kMin,
                kMax);
    }

    public static String layersText(int[] layers) {
        return Arrays.stream(layers).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
