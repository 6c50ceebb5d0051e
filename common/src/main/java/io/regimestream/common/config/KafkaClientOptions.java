package io.regimestream.common.config;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * How every command of ours reaches Kafka: one picocli mixin shared by the producer, the job and
 * the demo. Security settings (SASL, TLS) pass through unchanged from a properties file and/or
 * repeated {@code --kafka-property key=value}; later ones win. Values of secret-looking keys are
 * never printed: use {@link #describe()} for logs.
 */
public class KafkaClientOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,..]",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-" + PipelineDefaults.BOOTSTRAP_SERVERS + "}",
            description = "Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS; default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--kafka-properties", paramLabel = "FILE",
            defaultValue = "${env:KAFKA_PROPERTIES_FILE}",
            description = "A Kafka client properties file, e.g. for SASL/TLS (env KAFKA_PROPERTIES_FILE).")
    Path propertiesFile;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client setting passed through to every client; repeatable; wins over the file.")
    Map<String, String> properties = new LinkedHashMap<>();

    public KafkaClientOptions() {
    }

    /** For code and tests that build options without a command line. */
    public KafkaClientOptions(String bootstrapServers, Map<String, String> properties) {
        this.bootstrapServers = bootstrapServers;
        this.properties = new LinkedHashMap<>(properties);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * The client settings: file, then {@code --kafka-property}, then {@code bootstrap.servers}.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read
     */
    public Properties clientProperties() {
        Properties all = new Properties();
        if (propertiesFile != null) {
            try (InputStream in = Files.newInputStream(propertiesFile)) {
                all.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read Kafka properties file " + propertiesFile
                        + " (--kafka-properties): " + e.getMessage(), e);
            }
        }
        all.putAll(properties);
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("no Kafka bootstrap servers: pass --bootstrap-servers HOST:PORT");
        }
        all.setProperty("bootstrap.servers", bootstrapServers);
        return all;
    }

    /** The settings for logs and UIs, with secret values replaced by {@code ******}. */
    public String describe() {
        Map<String, String> shown = new LinkedHashMap<>();
        clientProperties().forEach((k, v) -> shown.put(k.toString(), isSecret(k.toString()) ? "******" : v.toString()));
        return shown.toString();
    }

    private static final Set<String> SECRET_HINTS = Set.of("password", "secret", "jaas", "token", "key");

    /** True for keys whose values must never be shown (passwords, JAAS configs, keys, tokens). */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.endsWith(".type") || k.endsWith(".location") || k.endsWith("serializer") || k.endsWith("deserializer")) {
            return k.contains("password");
        }
        return SECRET_HINTS.stream().anyMatch(k::contains);
    }
}
