package io.regimestream.job.config;

import io.regimestream.common.config.PipelineDefaults;
import java.io.Serializable;

/**
 * What makes a reading scorable beyond being well-formed: a plausible temperature and a sane size.
 *
 * @param minTemperature  lowest plausible temperature, °C (inclusive)
 * @param maxTemperature  highest plausible temperature, °C (inclusive)
 * @param maxMessageBytes larger messages are rejected before they are parsed
 * @param eventTimeSkew   how far event time may be from processing time
 */
public record ValidationRules(
        double minTemperature, double maxTemperature, int maxMessageBytes, EventTimeSkew eventTimeSkew)
        implements Serializable {

    public static final double DEFAULT_MIN_TEMPERATURE = PipelineDefaults.MIN_PLAUSIBLE_TEMPERATURE;
    public static final double DEFAULT_MAX_TEMPERATURE = PipelineDefaults.MAX_PLAUSIBLE_TEMPERATURE;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 4096;

    public ValidationRules {
        if (!(minTemperature <= maxTemperature)) {
            throw new IllegalArgumentException("--min-temperature (" + minTemperature
                    + ") must not be above --max-temperature (" + maxTemperature + ")");
        }
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("--max-message-bytes must be positive, was " + maxMessageBytes);
        }
        java.util.Objects.requireNonNull(eventTimeSkew, "eventTimeSkew");
    }

    /** With the default event-time skew ({@link EventTimeSkew#DEFAULT}). */
    public ValidationRules(double minTemperature, double maxTemperature, int maxMessageBytes) {
        this(minTemperature, maxTemperature, maxMessageBytes, EventTimeSkew.DEFAULT);
    }

    /** The same rules with another event-time skew, e.g. {@link EventTimeSkew#UNLIMITED} to replay old data. */
    public ValidationRules withEventTimeSkew(EventTimeSkew skew) {
        return new ValidationRules(minTemperature, maxTemperature, maxMessageBytes, skew);
    }

    public static ValidationRules defaults() {
        return new ValidationRules(DEFAULT_MIN_TEMPERATURE, DEFAULT_MAX_TEMPERATURE, DEFAULT_MAX_MESSAGE_BYTES);
    }

    public boolean isPlausible(double temperature) {
        return temperature >= minTemperature && temperature <= maxTemperature;
    }
}
