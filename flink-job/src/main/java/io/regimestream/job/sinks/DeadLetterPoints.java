package io.regimestream.job.sinks;

import static io.regimestream.job.sinks.InfluxSchema.DeadLetters.BYTES;
import static io.regimestream.job.sinks.InfluxSchema.DeadLetters.COUNT;
import static io.regimestream.job.sinks.InfluxSchema.DeadLetters.MEASUREMENT;
import static io.regimestream.job.sinks.InfluxSchema.DeadLetters.REASON;
import static io.regimestream.job.sinks.InfluxSchema.DeadLetters.SOURCE_TOPIC;

import io.regimestream.common.records.DeadLetter;
import io.regimestream.job.sinks.influxdb.InfluxPointConverter;
import io.regimestream.job.sinks.influxdb.Point;

/**
 * One InfluxDB point per dead letter, so dashboards can chart rejects (names in {@link InfluxSchema.DeadLetters}): measurement
 * {@code dead_letter}, tags {@code reason} (e.g. {@code not_json}), {@code source_topic} and
 * {@code partition}, fields {@code count} (always 1i, for {@code sum("count")}) and {@code bytes}
 * (payload size), time = the source record's Kafka time, made unique per source record by
 * {@link PointTime}: a replay after a failure overwrites the point instead of counting the reject twice.
 */
public class DeadLetterPoints implements InfluxPointConverter<DeadLetter> {

    @Override
    public String toLineProtocol(DeadLetter deadLetter) {
        Point point = Point.measurement(MEASUREMENT)
                .tag(REASON, deadLetter.reason().code())
                .tag(SOURCE_TOPIC, deadLetter.sourceTopic())
                .field(COUNT, 1L)
                .field(BYTES, (long) deadLetter.payload().length);
        return PointTime.stamp(point, deadLetter.time(), deadLetter.partition(), deadLetter.offset())
                .toLineProtocol();
    }
}
