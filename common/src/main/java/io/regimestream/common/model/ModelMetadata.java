package io.regimestream.common.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.regimestream.common.codec.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code model.json}: what the training run knows about the {@code model.pmml} next to it. The
 * job checks the PMML against {@link #pmmlSha256()} and takes the model version from here.
 *
 * @param version          the model version every prediction carries
 * @param pmmlSha256       hex sha256 of model.pmml's bytes
 * @param k                number of regimes
 * @param regimes          per regime (0 = coolest): centroid, spread and size in the training data
 * @param inputFields      PMML input field names, e.g. [temperature]
 * @param targetField      PMML target field name
 * @param accuracy         test-set accuracy of the classifier against the KMeans labels
 * @param confusionMatrix  rows = actual regime, columns = predicted regime, on the test set
 * @param elbow            KMeans cost for each k tried
 * @param kSelection       how k was chosen (rule and values), in words
 * @param rows             row counts: total, train, test, elbowSample
 * @param parity           JPMML-vs-Spark check: rows compared, disagreements, max probability difference
 * @param seed             the random seed of the run
 * @param source           where the data came from (file path or generator and its settings)
 * @param libraries        library versions (spark, pmml-sparkml, java ...)
 * @param createdAt        ISO-8601 creation time
 * @param trainingDistribution the training readings' temperature distribution, which drift is
 *                         measured against; null in a {@code model.json} written before it existed
 * @param regimeDistributions per regime (the list's index is the regime), the temperatures of the training
 *                         readings the model itself predicts in that regime, in the same shape: drift compares
 *                         a machine's readings with the regimes they were predicted in. Null in a model.json
 *                         written before it existed, or when training left them out (a regime with too few
 *                         readings, or readings too discrete for 10 equally likely bins: see training's report)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelMetadata(
        String version,
        String pmmlSha256,
        int k,
        List<RegimeSummary> regimes,
        List<String> inputFields,
        String targetField,
        double accuracy,
        long[][] confusionMatrix,
        List<ElbowPoint> elbow,
        String kSelection,
        Map<String, Long> rows,
        Parity parity,
        long seed,
        String source,
        Map<String, String> libraries,
        String createdAt,
        TrainingDistribution trainingDistribution,
        List<TrainingDistribution> regimeDistributions) {

    /** The metadata without training distributions, as {@code model.json} files before they had them. */
    public ModelMetadata(
            String version,
            String pmmlSha256,
            int k,
            List<RegimeSummary> regimes,
            List<String> inputFields,
            String targetField,
            double accuracy,
            long[][] confusionMatrix,
            List<ElbowPoint> elbow,
            String kSelection,
            Map<String, Long> rows,
            Parity parity,
            long seed,
            String source,
            Map<String, String> libraries,
            String createdAt) {
        this(
                version,
                pmmlSha256,
                k,
                regimes,
                inputFields,
                targetField,
                accuracy,
                confusionMatrix,
                elbow,
                kSelection,
                rows,
                parity,
                seed,
                source,
                libraries,
                createdAt,
                null,
                null);
    }

    /** This metadata with the training readings' distributions: of all of them, and per regime (null: none). */
    public ModelMetadata withDistributions(TrainingDistribution distribution, List<TrainingDistribution> perRegime) {
        return new ModelMetadata(
                version,
                pmmlSha256,
                k,
                regimes,
                inputFields,
                targetField,
                accuracy,
                confusionMatrix,
                elbow,
                kSelection,
                rows,
                parity,
                seed,
                source,
                libraries,
                createdAt,
                distribution,
                perRegime == null ? null : List.copyOf(perRegime));
    }

    public record RegimeSummary(int regime, double centroid, double spread, long count) {}

    public record ElbowPoint(int k, double cost) {}

    /**
     * The temperatures the model was trained on, summarised: what live readings are compared with to
     * tell drift (population stability index over the decile bins, share outside [min, max]).
     *
     * @param count   training readings summarised
     * @param min     lowest training temperature
     * @param max     highest training temperature
     * @param deciles the 9 cut points (10 %, 20 %, ... 90 %), ascending: 10 equally likely bins;
     *                training computes them exactly over all its readings, linear between neighbours
     */
    public record TrainingDistribution(long count, double min, double max, double[] deciles) {

        /** Equal when every value is: the deciles by content (so a re-announced baseline is recognized as the same). */
        @Override
        public boolean equals(Object o) {
            return o instanceof TrainingDistribution d
                    && count == d.count
                    && Double.compare(min, d.min) == 0
                    && Double.compare(max, d.max) == 0
                    && Arrays.equals(deciles, d.deciles);
        }

        @Override
        public int hashCode() {
            return 31 * Objects.hash(count, min, max) + Arrays.hashCode(deciles);
        }

        @Override
        public String toString() {
            return "TrainingDistribution[count=" + count + ", min=" + min + ", max=" + max + ", deciles="
                    + Arrays.toString(deciles) + "]";
        }
    }

    public record Parity(long rowsCompared, long disagreements, double maxProbabilityDifference) {}

    public static ModelMetadata read(Path file) throws IOException {
        return Json.mapper().readValue(file.toFile(), ModelMetadata.class);
    }

    public void write(Path file) throws IOException {
        Files.write(
                file, Json.mapper().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(this));
    }
}
