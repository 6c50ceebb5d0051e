package io.regimestream.job.sinks.influxdb;

import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;

/** Adapts the user's {@link InfluxPointConverter} to Flink's {@link ElementConverter}, checking its output. */
final class LineProtocolConverter<IN> implements ElementConverter<IN, String> {

    private static final long serialVersionUID = 1L;

    private final InfluxPointConverter<IN> pointConverter;

    LineProtocolConverter(InfluxPointConverter<IN> pointConverter) {
        this.pointConverter = pointConverter;
    }

    @Override
    public String apply(IN element, SinkWriter.Context context) {
        String line = pointConverter.toLineProtocol(element);
        if (line == null || line.isBlank()) {
            throw new IllegalArgumentException("the InfluxDB point converter returned no line for " + element);
        }
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(
                    "the InfluxDB point converter must return exactly one line, got: " + line);
        }
        return line;
    }
}
