package io.regimestream.job.sinks;

import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.sinks.influxdb.InfluxDbSink;
import io.regimestream.job.sinks.influxdb.InfluxDbSinkBuilder;
import io.regimestream.job.sinks.influxdb.InfluxPointConverter;
import io.regimestream.job.sinks.influxdb.RejectedPoints;

/** Builds the job's InfluxDB sinks from its settings; batching and retries are the sink's defaults. */
public final class InfluxSinks {

    private InfluxSinks() {}

    /** A sink of the job's InfluxDB; points InfluxDB refuses go to {@code rejected} (the dead-letter topic). */
    public static <T> InfluxDbSink<T> create(
            InfluxSettings settings, RejectedPoints rejected, InfluxPointConverter<T> converter) {
        return builder(settings, converter).setRejectedPoints(rejected).build();
    }

    /** A sink without a dead-letter topic (benchmarks): points InfluxDB refuses are logged and dropped. */
    public static <T> InfluxDbSink<T> create(InfluxSettings settings, InfluxPointConverter<T> converter) {
        return builder(settings, converter).build();
    }

    private static <T> InfluxDbSinkBuilder<T> builder(InfluxSettings settings, InfluxPointConverter<T> converter) {
        InfluxDbSinkBuilder<T> builder = InfluxDbSink.<T>builder()
                .setUrl(settings.url())
                .setDatabase(settings.database())
                .setPointConverter(converter);
        if (settings.hasCredentials()) {
            builder.setCredentials(settings.username(), settings.password());
        }
        return builder;
    }
}
