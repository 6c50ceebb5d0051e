package io.regimestream.job.sinks;

/**
 * The InfluxDB time of a point made from a Kafka record. InfluxDB keeps one point per
 * measurement, tag set and time, so the time must tell apart two different records of one machine
 * in the same millisecond (the article's timestamp-less messages get the Kafka time, often shared),
 * yet be the same when the same record is replayed after a failure (so it overwrites). The
 * millisecond comes from the record; the sub-millisecond nanoseconds from its source position:
 * {@code ms * 1_000_000 + (offset % 1000) * 1000 + partition % 1000}.
 */
final class PointTime {

    private PointTime() {
    }

    static long nanos(long epochMillis, int partition, long offset) {
        return Math.multiplyExact(epochMillis, 1_000_000L) + Math.floorMod(offset, 1000L) * 1000L + Math.floorMod(partition, 1000);
    }
}
