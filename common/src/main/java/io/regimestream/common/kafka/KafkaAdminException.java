package io.regimestream.common.kafka;

/** A Kafka admin call that did not get an answer, with a message that says what went wrong and where. */
public final class KafkaAdminException extends Exception {

    /** Why: what a command may want to do differently about it. */
    public enum Reason {
        /** The client settings themselves are unusable (e.g. no bootstrap address resolves). */
        SETTINGS,
        /** No answer within the timeout. */
        UNREACHABLE,
        /** The broker refused the credentials. */
        AUTHENTICATION,
        /** The broker answered with an error. */
        FAILED
    }

    private final Reason reason;

    public KafkaAdminException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
