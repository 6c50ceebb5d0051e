package io.regimestream.job.options;

import io.regimestream.job.config.EventTimeSkew;
import io.regimestream.job.config.ValidationRules;
import picocli.CommandLine.Option;

/** The options of {@link ValidationRules}: what makes a reading scorable. */
public class ValidationOptions {

    @Option(
            names = "--min-temperature",
            paramLabel = "CELSIUS",
            defaultValue = "${env:MIN_TEMPERATURE}",
            description = "Lowest plausible temperature; colder readings are dead letters (out_of_range) "
                    + "(env MIN_TEMPERATURE; default: ${DEFAULT-VALUE}).")
    double minTemperature = ValidationRules.DEFAULT_MIN_TEMPERATURE;

    @Option(
            names = "--max-temperature",
            paramLabel = "CELSIUS",
            defaultValue = "${env:MAX_TEMPERATURE}",
            description = "Highest plausible temperature (env MAX_TEMPERATURE; default: ${DEFAULT-VALUE}).")
    double maxTemperature = ValidationRules.DEFAULT_MAX_TEMPERATURE;

    @Option(
            names = "--max-message-bytes",
            paramLabel = "BYTES",
            defaultValue = "${env:MAX_MESSAGE_BYTES}",
            description =
                    "Larger messages are dead letters (oversized), never parsed (env MAX_MESSAGE_BYTES; default: ${DEFAULT-VALUE}).")
    int maxMessageBytes = ValidationRules.DEFAULT_MAX_MESSAGE_BYTES;

    @Option(
            names = "--max-event-time-skew",
            paramLabel = "PAST[,FUTURE]",
            defaultValue = "${env:MAX_EVENT_TIME_SKEW}",
            description = "Readings whose event time lies further before/after the processing time are dead letters "
                    + "(invalid_timestamp), e.g. 7d,1h or 30d; 0 or none = no limit, e.g. to replay old data "
                    + "(env MAX_EVENT_TIME_SKEW; default: ${DEFAULT-VALUE}).")
    String maxEventTimeSkew = EventTimeSkew.DEFAULT_OPTION;

    public ValidationRules toRules() {
        return new ValidationRules(
                minTemperature, maxTemperature, maxMessageBytes, EventTimeSkew.parse(maxEventTimeSkew));
    }
}
