package io.regimestream.common.records;

import java.util.Objects;

/**
 * One temperature reading of one machine: what the producer sends and the job scores.
 *
 * @param machineId   the machine that sent it; never blank (the codec fills in {@link #DEFAULT_MACHINE_ID})
 * @param timestamp   event time in epoch milliseconds, or {@link #NO_TIMESTAMP} when the source had none
 * @param temperature degrees Celsius, always finite
 */
public record Reading(String machineId, long timestamp, double temperature) {

    /**
     * The machine id given to readings that name none, like the messages of the original <a href="https://datasciencechalktalk.com/2019/07/17/streaming-analysis-with-kafka-influxdb-and-grafana/">article</a> (V. Alto,
     * "Streaming analysis with Kafka, InfluxDB and Grafana").
     */
    public static final String DEFAULT_MACHINE_ID = "default";

    /** Marks a reading whose source carried no time; whoever sends or scores it fills one in. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    public Reading {
        Objects.requireNonNull(machineId, "machineId");
        if (!Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite, was " + temperature);
        }
    }

    public boolean hasTimestamp() {
        return timestamp != NO_TIMESTAMP;
    }

    /** This reading with the given time if it has none of its own. */
    public Reading withTimestampIfMissing(long fallback) {
        return hasTimestamp() ? this : new Reading(machineId, fallback, temperature);
    }
}
