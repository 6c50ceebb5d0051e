package io.regimestream.job.options;

import io.regimestream.common.codec.ProbabilityRounding;
import io.regimestream.job.config.OutputSettings;
import picocli.CommandLine.Option;

/** The options of {@link OutputSettings}: how the Kafka records are written. */
public class OutputOptions {

    @Option(
            names = "--probability-digits",
            paramLabel = "N",
            defaultValue = "${env:PROBABILITY_DIGITS}",
            description = "Write confidence and probabilities in the prediction JSON rounded to N decimal places "
                    + "(e.g. 4: 0.9731), about 70 bytes (a fifth) fewer per prediction; 0 = full precision. "
                    + "Output formatting only: regime and lowConfidence are decided on full-precision values, "
                    + "InfluxDB points are unchanged (env PROBABILITY_DIGITS; default: ${DEFAULT-VALUE}).")
    int probabilityDigits = 0;

    public OutputSettings toSettings() {
        return new OutputSettings(ProbabilityRounding.digits(probabilityDigits));
    }
}
