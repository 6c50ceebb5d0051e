package io.regimestream.cli;

import io.regimestream.common.config.KafkaClientSettings;
import io.regimestream.common.config.PipelineDefaults;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How every command of ours reaches Kafka: one picocli mixin, bound to {@link KafkaClientSettings},
 * shared by the producer, the training's model announcement and the job.
 */
public class KafkaClientOptions {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,..]",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-" + PipelineDefaults.BOOTSTRAP_SERVERS + "}",
            description = "Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS; default: ${DEFAULT-VALUE}).")
    String bootstrapServers = PipelineDefaults.BOOTSTRAP_SERVERS; // also without a command line: JobConfig.defaults()

    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            defaultValue = "${env:KAFKA_PROPERTIES_FILE}",
            description = "A Kafka client properties file, e.g. for SASL/TLS (env KAFKA_PROPERTIES_FILE).")
    Path propertiesFile;

    @Option(
            names = "--kafka-property",
            paramLabel = "KEY=VALUE",
            description = "A Kafka client setting passed through to every client; repeatable; wins over the file.")
    Map<String, String> properties = new LinkedHashMap<>();

    public KafkaClientSettings settings() {
        return new KafkaClientSettings(bootstrapServers, propertiesFile, properties);
    }
}
