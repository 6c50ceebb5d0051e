package io.regimestream.job.options;

import io.regimestream.common.codec.PredictionFormat;
import io.regimestream.common.codec.ProbabilityRounding;
import io.regimestream.job.config.OutputSettings;
import picocli.CommandLine.Option;

/** The options of {@link OutputSettings}: how the Kafka records are written. */
public class OutputOptions {

    @Option(
            names = "--prediction-format",
            paramLabel = "full|compact",
            defaultValue = "${env:PREDICTION_FORMAT}",
            description = "The prediction record on Kafka: full = every field (confidence, each regime's probability, "
                    + "processing time); compact = machineId, timestamp, temperature, regime, modelVersion and "
                    + "lowConfidence only, less than half the bytes, for consumers that act on the regime. InfluxDB "
                    + "points keep every field either way (env PREDICTION_FORMAT; default: ${DEFAULT-VALUE}).")
    String predictionFormat = PredictionFormat.FULL.option();

    @Option(
            names = "--probability-digits",
            paramLabel = "N",
            defaultValue = "${env:PROBABILITY_DIGITS}",
            description = "Write confidence and probabilities in the full prediction record rounded to N decimal "
                    + "places (e.g. 4: 0.9731), about 70 bytes (a fifth) fewer per prediction; 0 = full precision. "
                    + "Output formatting only: regime and lowConfidence are decided on full-precision values, "
                    + "InfluxDB points are unchanged (env PROBABILITY_DIGITS; default: ${DEFAULT-VALUE}).")
    int probabilityDigits = 0;

    public OutputSettings toSettings() {
        return new OutputSettings(
                PredictionFormat.parse(predictionFormat), ProbabilityRounding.digits(probabilityDigits));
    }
}
