package io.regimestream.job.config;

import io.regimestream.common.codec.PredictionFormat;
import io.regimestream.common.codec.ProbabilityRounding;
import java.util.Objects;

/**
 * How the job writes its Kafka records (formatting only: what is decided, and the InfluxDB points,
 * do not change).
 *
 * @param predictionFormat    the prediction record: every field, or what a consumer needs to act on it
 * @param probabilityRounding decimal places of confidence and probabilities in the full prediction record
 */
public record OutputSettings(PredictionFormat predictionFormat, ProbabilityRounding probabilityRounding) {

    public OutputSettings {
        Objects.requireNonNull(predictionFormat, "predictionFormat");
        Objects.requireNonNull(probabilityRounding, "probabilityRounding");
        Problems problems = new Problems();
        problems.check(
                predictionFormat == PredictionFormat.FULL || probabilityRounding.digits() == 0,
                "--probability-digits rounds the probabilities of full predictions, and --prediction-format "
                        + predictionFormat.option() + " writes none: leave one of the two out");
        problems.throwIfAny();
    }

    public OutputSettings withPredictionFormat(PredictionFormat format) {
        return new OutputSettings(format, probabilityRounding);
    }

    @Override
    public String toString() {
        return "OutputSettings[predictionFormat=" + predictionFormat.option() + ", probabilityRounding="
                + probabilityRounding + "]";
    }
}
