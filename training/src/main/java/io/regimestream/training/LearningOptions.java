package io.regimestream.training;

import java.util.Arrays;
import java.util.function.Function;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How a model is learned from readings, whatever the readings are: the elbow's range and sample, k,
 * the MLP and its split, the seed and the Spark master. One picocli mixin, shared by the training
 * command and {@code retrain}, so a model retrained on drift is made exactly as one trained by hand.
 */
public final class LearningOptions {

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "7",
            description = "Random seed for generation, sampling, KMeans, split and MLP. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--k-min",
            paramLabel = "K",
            defaultValue = "2",
            description = "Smallest k the elbow method tries. Default: ${DEFAULT-VALUE}.")
    int kMin;

    @Option(
            names = "--k-max",
            paramLabel = "K",
            defaultValue = "12",
            description = "Largest k the elbow method tries. Default: ${DEFAULT-VALUE}.")
    int kMax;

    @Option(
            names = "--elbow-sample",
            paramLabel = "FRACTION",
            defaultValue = "0.1",
            description = "Fraction of the data the elbow method runs on (0 < f <= 1). Default: ${DEFAULT-VALUE}.")
    double elbowSample;

    @Option(names = "--k", paramLabel = "N", description = "Use N regimes instead of choosing k with the knee rule.")
    Integer k;

    @Option(
            names = "--layers",
            paramLabel = "SIZES",
            defaultValue = "6,8",
            split = ",",
            description =
                    "Hidden layer sizes of the MLP; the input (1) and output (k) layers are added. Default: ${DEFAULT-VALUE}.")
    int[] layers;

    @Option(
            names = "--max-iter",
            paramLabel = "N",
            defaultValue = "200",
            description = "Maximum MLP iterations. Default: ${DEFAULT-VALUE}.")
    int maxIter;

    @Option(
            names = "--test-fraction",
            paramLabel = "FRACTION",
            defaultValue = "0.4",
            description = "Fraction of rows held out for testing (0 < f < 1). Default: ${DEFAULT-VALUE}.")
    double testFraction;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master. Default: spark-submit's, else local[*], i.e. Spark inside this JVM.")
    String master;

    /**
     * Checks the options, each problem as the exception {@code bad} makes of its message (a picocli usage error).
     */
    public void checkOptions(Function<String, ParameterException> bad) {
        if (kMin < 2) {
            throw bad.apply("--k-min must be at least 2, got " + kMin);
        }
        if (kMax < kMin) {
            throw bad.apply("--k-max (" + kMax + ") must not be smaller than --k-min (" + kMin + ")");
        }
        if (k != null && k < 2) {
            throw bad.apply("--k must be at least 2, got " + k);
        }
        if (!(elbowSample > 0 && elbowSample <= 1)) {
            throw bad.apply("--elbow-sample must be a fraction in (0, 1], got " + elbowSample);
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw bad.apply("--test-fraction must be a fraction in (0, 1), got " + testFraction);
        }
        if (layers.length == 0 || Arrays.stream(layers).anyMatch(size -> size < 1)) {
            throw bad.apply("--layers must be positive sizes like 6,8, got " + Arrays.toString(layers));
        }
        if (maxIter < 1) {
            throw bad.apply("--max-iter must be at least 1, got " + maxIter);
        }
    }

    /**
     * The settings of a run on the readings of {@code input} (or {@code generate} of {@code dataset}), written to
     * {@code out}; call {@link #check} first.
     */
    public TrainingSettings settings(
            java.nio.file.Path input,
            int generate,
            io.regimestream.training.data.Dataset dataset,
            int machines,
            java.nio.file.Path out,
            boolean saveData) {
        return new TrainingSettings(
                input,
                generate,
                dataset,
                seed,
                machines,
                kMin,
                kMax,
                elbowSample,
                k,
                layers,
                maxIter,
                testFraction,
                out,
                master,
                saveData);
    }
}
