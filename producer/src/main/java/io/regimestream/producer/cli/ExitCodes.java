package io.regimestream.producer.cli;

/** The producer's exit codes, as documented in its README and {@code --help}. */
public final class ExitCodes {
    /** Everything sent and acknowledged. (Ctrl-C ends with the JVM's 130, after a clean flush.) */
    public static final int OK = 0;
    /** Unexpected internal failure. */
    public static final int SOFTWARE = 1;
    /** Wrong options (picocli's usage error code). */
    public static final int USAGE = 2;
    /** The replay file cannot be read, or has a malformed line (without --skip-bad). */
    public static final int BAD_INPUT = 3;
    /** Kafka unreachable within --connect-timeout, rejected our settings or credentials, or the topic is missing. */
    public static final int KAFKA_UNAVAILABLE = 4;
    /** Some readings could not be delivered (see the summary's error count). */
    public static final int NOT_ALL_DELIVERED = 5;

    private ExitCodes() {}
}
