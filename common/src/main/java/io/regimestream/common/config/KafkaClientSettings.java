package io.regimestream.common.config;

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
 * How every part of ours reaches Kafka, as a plain value: the commands (producer, training, job)
 * bind their {@code --bootstrap-servers}, {@code --kafka-properties} and {@code --kafka-property}
 * options to it. Security settings (SASL, TLS) pass through unchanged from a properties file
 * and/or single properties; later ones win. Values of secret-looking keys are never printed: use
 * {@link #describe()} for logs.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code HOST:PORT[,..]}
 * @param propertiesFile   a Kafka client properties file, or null
 * @param properties       settings passed to every client; win over the file
 */
public record KafkaClientSettings(String bootstrapServers, Path propertiesFile, Map<String, String> properties) {

    public KafkaClientSettings {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** Just the bootstrap servers. */
    public static KafkaClientSettings of(String bootstrapServers) {
        return new KafkaClientSettings(bootstrapServers, null, Map.of());
    }

    /**
     * The client settings: file, then {@link #properties()}, then {@code bootstrap.servers}.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read, or when no bootstrap servers are given
     */
    public Properties clientProperties() {
        Properties all = new Properties();
        if (propertiesFile != null) {
            try (InputStream in = Files.newInputStream(propertiesFile)) {
                all.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "cannot read Kafka properties file " + propertiesFile + " (--kafka-properties): "
                                + e.getMessage(),
                        e);
            }
        }
        all.putAll(new LinkedHashMap<>(properties));
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("no Kafka bootstrap servers: pass --bootstrap-servers HOST:PORT");
        }
        all.setProperty("bootstrap.servers", bootstrapServers);
        return all;
    }

    /** The settings for logs and UIs, with secret values replaced by {@code ******}. */
    public String describe() {
        return describe(clientProperties()).toString();
    }

    /** {@code clientProperties} with secret values replaced by {@code ******}. */
    public static Map<String, String> describe(Properties clientProperties) {
        Map<String, String> shown = new LinkedHashMap<>();
        clientProperties.forEach((k, v) -> shown.put(k.toString(), isSecret(k.toString()) ? "******" : v.toString()));
        return shown;
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
