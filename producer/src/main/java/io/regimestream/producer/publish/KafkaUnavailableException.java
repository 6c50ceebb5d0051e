package io.regimestream.producer.publish;

/** Kafka cannot be used for publishing: unreachable, misconfigured, or the topic is missing or denied. */
public class KafkaUnavailableException extends Exception {
    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
