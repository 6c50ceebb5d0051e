package io.regimestream.benchmarks.e2e;

import io.regimestream.benchmarks.outside.AppendTimes;

/**
 * Reads a run's whole output topic back (read_committed, so an exactly-once run counts only
 * committed records) and times it by the broker's append timestamps: the same clock for every
 * mode, and free of each mode's start-up.
 *
 * @param bytes key and value bytes of all records (what one prediction costs on the wire and on disk)
 */
record OutputTopic(long records, long firstAppendMillis, long lastAppendMillis, long bytes) {

    static OutputTopic read(String bootstrapServers, String topic) {
        AppendTimes times = AppendTimes.read(bootstrapServers, topic);
        return new OutputTopic(times.records(), times.first(), times.last(), times.bytes());
    }

    /** Records per second between the first and the last append. */
    double recordsPerSecond() {
        long spanMillis = Math.max(1, lastAppendMillis - firstAppendMillis);
        return records * 1000.0 / spanMillis;
    }

    double appendSpanSeconds() {
        return (lastAppendMillis - firstAppendMillis) / 1000.0;
    }

    double bytesPerRecord() {
        return records == 0 ? Double.NaN : bytes / (double) records;
    }
}
