package io.regimestream.job.sinks.influxdb;

/**
 * What one answer of InfluxDB (or the lack of one) means for the batch that was sent.
 *
 * @param kind    what to do with the batch
 * @param message for logs and exceptions; names the URL and database, never the password
 */
record WriteOutcome(Kind kind, String message) {

    enum Kind {
        /** Stored (204). */
        WRITTEN,
        /** Worth retrying: 5xx, 429, 408, connection refused, timeout. */
        RETRY,
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
            return new WriteOutcome(Kind.RETRY, "InfluxDB at " + endpoint.url() + " answered HTTP " + status + ": " + error);
        }
        if (status == 404 && error.contains("database not found")) {
            return new WriteOutcome(Kind.DATABASE_MISSING, "database '" + endpoint.database() + "' not found at "
                    + endpoint.url() + ": create it (CREATE DATABASE) or leave createDatabaseIfMissing on");
        }
        return new WriteOutcome(Kind.FATAL, InfluxDbErrors.rejected(status, error, endpoint));
    }

    /** Classifies a request that got no answer (connection refused or reset, timeout). */
    static WriteOutcome ofFailure(Throwable error, InfluxDbEndpoint endpoint) {
        return new WriteOutcome(Kind.RETRY, "InfluxDB at " + endpoint.url() + " did not answer: " + InfluxDbErrors.describe(error));
    }
}
