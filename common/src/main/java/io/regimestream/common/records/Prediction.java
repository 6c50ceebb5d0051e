package io.regimestream.common.records;

import java.util.Arrays;
import java.util.Objects;

/**
 * The job's verdict on one reading. Serialized as one flat JSON object of scalars
 * (probabilities become {@code probability0..probability(k-1)}) so generic consumers can use it.
 *
 * @param machineId      the reading's machine
 * @param timestamp      the reading's event time, epoch ms
 * @param temperature    the reading's temperature
 * @param regime         the predicted regime, 0 = coolest .. k-1 = hottest
 * @param confidence     the winning probability
 * @param probabilities  the probability of each regime, indexed by regime
 * @param modelVersion   the version of the model that scored it
 * @param processingTime wall-clock time of scoring, epoch ms
 * @param lowConfidence  the confidence is below the job's threshold: the reading does not look
 *                       like the training data (false in predictions of older jobs)
 * @param canary         scored by a canary: a candidate model the job is trying on a share of the machines
 *                       ({@code modelVersion} names it), not the active model
 */
public record Prediction(
        String machineId,
        long timestamp,
        double temperature,
        int regime,
        double confidence,
        double[] probabilities,
        String modelVersion,
        long processingTime,
        boolean lowConfidence,
        boolean canary) {

    public Prediction {
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(probabilities, "probabilities");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /** A prediction of the active model. */
    public Prediction(
            String machineId,
            long timestamp,
            double temperature,
            int regime,
            double confidence,
            double[] probabilities,
            String modelVersion,
            long processingTime,
            boolean lowConfidence) {
        this(
                machineId,
                timestamp,
                temperature,
                regime,
                confidence,
                probabilities,
                modelVersion,
                processingTime,
                lowConfidence,
                false);
    }

    /** A prediction of the active model not flagged as low-confidence. */
    public Prediction(
            String machineId,
            long timestamp,
            double temperature,
            int regime,
            double confidence,
            double[] probabilities,
            String modelVersion,
            long processingTime) {
        this(machineId, timestamp, temperature, regime, confidence, probabilities, modelVersion, processingTime, false);
    }

    // Records compare arrays by identity; predictions are compared by value in tests and dedup.
    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction p
                && machineId.equals(p.machineId)
                && timestamp == p.timestamp
                && Double.compare(temperature, p.temperature) == 0
                && regime == p.regime
                && Double.compare(confidence, p.confidence) == 0
                && Arrays.equals(probabilities, p.probabilities)
                && modelVersion.equals(p.modelVersion)
                && processingTime == p.processingTime
                && lowConfidence == p.lowConfidence
                && canary == p.canary;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                machineId,
                timestamp,
                temperature,
                regime,
                confidence,
                Arrays.hashCode(probabilities),
                modelVersion,
                processingTime,
                lowConfidence,
                canary);
    }

    @Override
    public String toString() {
        return "Prediction[machineId=" + machineId + ", timestamp=" + timestamp
                + ", temperature=" + temperature + ", regime=" + regime
                + ", confidence=" + confidence + ", probabilities=" + Arrays.toString(probabilities)
                + ", modelVersion=" + modelVersion + ", processingTime=" + processingTime + ", lowConfidence="
                + lowConfidence + (canary ? ", canary" : "") + "]";
    }
}
