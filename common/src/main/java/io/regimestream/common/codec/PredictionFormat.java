package io.regimestream.common.codec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which prediction record the job writes to Kafka ({@code --prediction-format}). InfluxDB points do
 * not depend on it: they always carry the whole prediction.
 */
public enum PredictionFormat {
    /** Every field ({@link PredictionCodec}): confidence, each regime's probability, processing time. */
    FULL,
    /** What a consumer needs to act on it ({@link CompactPredictionCodec}), well under half the bytes. */
    COMPACT;

    /** A new writer of this format; {@code rounding} applies to the full record's probabilities only. */
    public PredictionWriter writer(ProbabilityRounding rounding) {
        return this == FULL ? new PredictionJsonWriter(rounding) : new CompactPredictionWriter();
    }

    /** The spelling used on the command line: {@code full}, {@code compact}. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Accepts {@code compact}, {@code COMPACT} and the like. */
    public static PredictionFormat parse(String text) {
        for (PredictionFormat format : values()) {
            if (format.option().equalsIgnoreCase(text.strip())) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown prediction format '" + text + "': use "
                + Arrays.stream(values()).map(PredictionFormat::option).collect(Collectors.joining(" or ")));
    }
}
