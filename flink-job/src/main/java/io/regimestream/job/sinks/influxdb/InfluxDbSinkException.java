package io.regimestream.job.sinks.influxdb;

/**
 * An InfluxDB error that retrying cannot fix (bad data, wrong credentials, missing database,
 * retries exhausted). It fails the job; its message says what was wrong and what to do, and never
 * contains the password.
 */
public class InfluxDbSinkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InfluxDbSinkException(String message) {
        super(message);
    }
}
