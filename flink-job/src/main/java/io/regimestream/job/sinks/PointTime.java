package io.regimestream.job.sinks;

import io.regimestream.job.sinks.influxdb.Point;

/**
 * The InfluxDB time and the {@code partition} tag of a point made from a Kafka record. InfluxDB
 * keeps one point per measurement, tag set and time, so two different records must never share
 * them (the article's timestamp-less messages get the Kafka time, often shared by several), while
 * the same record replayed after a failure must (so it overwrites instead of counting twice).
 *
 * <p>The millisecond comes from the record, the sub-millisecond nanoseconds from its offset:
 * {@code time = ms * 1_000_000 + offset mod 1_000_000}, and the partition is a tag. Two records of
 * different partitions differ in the tag. Two records of one partition have different offsets; they
 * share a time only if they also share the millisecond and their offsets are a multiple of
 * 1,000,000 apart: a million records of that partition between two readings of one machine
 * stamped with the same millisecond. A machine's readings sit on one partition (the machine id is
 * the key), so the tag adds no series in practice.
 */
final class PointTime {

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private PointTime() {}

    /** Sets the point's partition tag and its time from the record's millisecond and offset. */
    static Point stamp(Point point, long epochMillis, int partition, long offset) {
        return point.tag(InfluxSchema.PARTITION, Integer.toString(partition)).timeNanos(nanos(epochMillis, offset));
    }

    static long nanos(long epochMillis, long offset) {
        return Math.addExact(Math.multiplyExact(epochMillis, NANOS_PER_MILLI), Math.floorMod(offset, NANOS_PER_MILLI));
    }
}
