package io.regimestream.training;

/**
 * A problem the user can fix (bad input, bad option, unwritable folder): the command prints the
 * message alone, without a stack trace, and exits non-zero.
 */
public class TrainingException extends Exception {
    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
