package io.regimestream.job.sinks.influxdb;

import java.io.Serializable;

/**
 * Turns one stream element into one line of InfluxDB line protocol, usually with {@link Point}:
 * {@code p -> Point.measurement("m").tag(..).field(..).timeNanos(..).toLineProtocol()}.
 * It is shipped to the task managers, hence {@link Serializable}.
 */
@FunctionalInterface
public interface InfluxPointConverter<IN> extends Serializable {

    String toLineProtocol(IN element);
}
