package io.regimestream.job.config;

import io.regimestream.common.codec.ProbabilityRounding;
import java.util.Objects;

/**
 * How the job writes its Kafka records (formatting only: what is decided does not change).
 *
 * @param probabilityRounding decimal places of confidence and probabilities in the prediction JSON
 */
public record OutputSettings(ProbabilityRounding probabilityRounding) {

    public OutputSettings {
        Objects.requireNonNull(probabilityRounding, "probabilityRounding");
    }
}
