package io.regimestream.job.sinks.influxdb;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one answer of InfluxDB (or the lack of one) means for the batch that was sent.
 *
 * @param kind    what to do with the batch
 * @param message for logs and exceptions; names the URL and database, never the password
 */
record WriteOutcome(Kind kind, String message) {

    private static final Pattern DROPPED = Pattern.compile("partial write:.*\\bdropped=(\\d+)");

    enum Kind {
        /** Stored (204). */
        WRITTEN,
        /** Worth retrying: 5xx, 429, 408, connection refused, timeout. */
        RETRY,
        /**
         * 400 (bad point data: a field type conflict, a time outside the retention policy, too many
         * tag values, a line InfluxDB cannot parse) or 413 (too large): some points of the batch are
         * refused for good, the valid ones of a 400 are written. Find the refused ones; the message
         * is InfluxDB's own text.
         */
        POINTS_REJECTED,
        /** 404 database not found: create it, then retry. */
        DATABASE_MISSING,
        /** Retrying cannot help: fail the job with the message. */
        FATAL
    }

    static WriteOutcome written() {
        return new WriteOutcome(Kind.WRITTEN, "written");
    }

    /** Classifies the answer to {@code POST /write}. */
    static WriteOutcome ofResponse(int status, String body, InfluxDbEndpoint endpoint) {
        String error = InfluxDbErrors.errorText(body);
        if (status / 100 == 2) {
            return written();
        }
        if (status / 100 == 5 || status == 429 || status == 408) {
            return new WriteOutcome(
                    Kind.RETRY, "InfluxDB at " + endpoint.url() + " answered HTTP " + status + ": " + error);
        }
        if (status == 400 || status == 413) {
            return new WriteOutcome(Kind.POINTS_REJECTED, "HTTP " + status + ": " + error);
        }
        if (status == 404 && error.contains("database not found")) {
            return new WriteOutcome(
                    Kind.DATABASE_MISSING,
                    "database '" + endpoint.database() + "' not found at " + endpoint.url()
                            + ": create it (CREATE DATABASE) or leave createDatabaseIfMissing on");
        }
        return new WriteOutcome(Kind.FATAL, InfluxDbErrors.rejected(status, error, endpoint));
    }

    /**
     * True when InfluxDB says it dropped every one of {@code points} ({@code "partial write: ...
     * dropped=N"}): each point is refused then, no need to look for the bad ones.
     */
    boolean droppedAll(int points) {
        Matcher dropped = DROPPED.matcher(message);
        return kind == Kind.POINTS_REJECTED && dropped.find() && Long.parseLong(dropped.group(1)) >= points;
    }

    /** Classifies a request that got no answer (connection refused or reset, timeout). */
    static WriteOutcome ofFailure(Throwable error, InfluxDbEndpoint endpoint) {
        return new WriteOutcome(
                Kind.RETRY, "InfluxDB at " + endpoint.url() + " did not answer: " + InfluxDbErrors.describe(error));
    }
}
