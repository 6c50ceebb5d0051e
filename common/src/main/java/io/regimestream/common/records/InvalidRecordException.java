package io.regimestream.common.records;

/** Thrown by the codec when a message cannot become a {@link Reading}; carries the reason code. */
public class InvalidRecordException extends Exception {

    private final RejectReason reason;

    public InvalidRecordException(RejectReason reason, String detail) {
        super(detail, null, false, false); // no stack trace: this is a verdict on data, not a bug
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
