package io.regimestream.producer.publish;

import java.util.Locale;

/**
 * A snapshot of a publisher's counters.
 *
 * @param sent    records the broker acknowledged
 * @param failed  records that could not be delivered
 * @param pending records handed to the client and not yet acknowledged or failed
 */
public record PublishProgress(long sent, long failed, long pending, long elapsedNanos) {

    /** Acknowledged records per second since the start. */
    public double ratePerSecond() {
        return elapsedNanos <= 0 ? 0 : sent * 1e9 / elapsedNanos;
    }

    public double elapsedSeconds() {
        return elapsedNanos / 1e9;
    }

    /** One short line: {@code sent 120, 5.0/s, 0 errors, 24.0 s}. */
    public String statusLine() {
        return String.format(
                Locale.ROOT,
                "sent %d, %.1f/s, %d error%s, %.1f s%s",
                sent,
                ratePerSecond(),
                failed,
                failed == 1 ? "" : "s",
                elapsedSeconds(),
                pending > 0 ? ", " + pending + " in flight" : "");
    }
}
