package io.regimestream.job.sinks;

import io.regimestream.common.records.DeadLetter;
import io.regimestream.job.sinks.influxdb.InfluxPointConverter;
import io.regimestream.job.sinks.influxdb.Point;

/**
 * One InfluxDB point per dead letter, so dashboards can chart rejects: measurement
 * {@code dead_letter}, tags {@code reason} (e.g. {@code not_json}), {@code source_topic} and
 * {@code partition}, fields {@code count} (always 1i, for {@code sum("count")}) and {@code bytes}
 * (payload size), time = the source record's Kafka time, made unique per source record by
 * {@link PointTime}: a replay after a failure overwrites the point instead of counting the reject twice.
 */
public class DeadLetterPoints implements InfluxPointConverter<DeadLetter> {

    public static final String MEASUREMENT = "dead_letter";

    @Override
    public String toLineProtocol(DeadLetter deadLetter) {
        Point point = Point.measurement(MEASUREMENT)
                .tag("reason", deadLetter.reason().code())
                .tag("source_topic", deadLetter.sourceTopic())
                .field("count", 1L)
                .field("bytes", (long) deadLetter.payload().length);
        return PointTime.stamp(point, deadLetter.time(), deadLetter.partition(), deadLetter.offset()).toLineProtocol();
    }
}
