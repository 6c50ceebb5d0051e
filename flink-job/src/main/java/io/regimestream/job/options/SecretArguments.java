package io.regimestream.job.options;

import io.regimestream.common.config.KafkaClientSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Secrets given as program arguments, each with a warning that says why that is unsafe and what
 * to do instead. Never the secret itself.
 */
final class SecretArguments {

    private static final String WHY = "program arguments are not secret: ps shows them, flink run logs each of "
            + "them at start (masking an option's name, not the value after it), and in application mode (the Flink "
            + "Kubernetes Operator's job.args) Flink keeps them in its configuration as "
            + "$internal.application.program-args, which the REST API's /jobmanager/config and the JobManager's "
            + "log show unmasked";

    private SecretArguments() {}

    /** One warning per secret found among the arguments of {@code parsed}; none when there are none. */
    static List<String> warnings(ParseResult parsed) {
        List<String> warnings = new ArrayList<>();
        if (parsed.hasMatchedOption("--influxdb-password")) {
            warnings.add("--influxdb-password was given as a program argument, but " + WHY
                    + ": give it by the environment variable INFLUXDB_PASSWORD or in a file, --influxdb-password-file "
                    + "(INFLUXDB_PASSWORD_FILE)");
        }
        OptionSpec kafkaProperty = parsed.matchedOption("--kafka-property");
        if (kafkaProperty != null) {
            Map<String, String> given = kafkaProperty.getValue();
            List<String> secretKeys = given.keySet().stream()
                    .filter(KafkaClientSettings::isSecret)
                    .sorted()
                    .toList();
            if (!secretKeys.isEmpty()) {
                warnings.add("--kafka-property " + String.join(", ", secretKeys) + " was given as a program argument, "
                        + "but " + WHY + ": put it in a Kafka client properties file, --kafka-properties "
                        + "(KAFKA_PROPERTIES_FILE)");
            }
        }
        return warnings;
    }
}
