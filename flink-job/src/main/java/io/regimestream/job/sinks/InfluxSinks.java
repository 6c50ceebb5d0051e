package io.regimestream.job.sinks;

import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.KafkaSettings;
import io.regimestream.job.sinks.influxdb.ConfirmedOffsets;
import io.regimestream.job.sinks.influxdb.InfluxDbFromKafka;
import io.regimestream.job.sinks.influxdb.InfluxDbSink;
import io.regimestream.job.sinks.influxdb.InfluxDbSinkBuilder;
import io.regimestream.job.sinks.influxdb.InfluxPointConverter;
import io.regimestream.job.sinks.influxdb.KafkaPoint;
import io.regimestream.job.sinks.influxdb.RejectedPoints;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Builds the job's way to InfluxDB from its settings: the Kafka sink of the points topic and the
 * InfluxDB writer reading it ({@link InfluxDbFromKafka}); batching and retries are the InfluxDB
 * sink's defaults. Also the plain InfluxDB sink, for tests and benchmarks that write a stream.
 */
public final class InfluxSinks {

    /** Suffix of the InfluxDB writer's consumer group: {@code <--group-id>-influxdb}. */
    public static final String WRITER_GROUP_SUFFIX = "-influxdb";

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

    /**
     * The scoring tasks' sink of the points topic ({@link InfluxPointLines} feeds it). At-least-once
     * whatever {@code --delivery}: the points are written at once, not when a transaction commits,
     * so InfluxDB lags the scoring by well under a second; a point replayed after a failure
     * overwrites itself in InfluxDB.
     */
    public static KafkaSink<String> pointsTopic(KafkaSettings kafka, InfluxSettings influx) {
        return KafkaSinks.create(
                kafka,
                "influxdb-points",
                new PointsTopicSerializer(influx.pointsTopic()),
                DeliveryMode.AT_LEAST_ONCE,
                POINTS_PRODUCER_DEFAULTS);
    }

    /**
     * Line protocol repeats its measurement, tag and field names in every line: lz4 (fast, in the job
     * jar) shrinks the points several times on the wire and on the broker's disk. A
     * {@code compression.type} in the job's Kafka properties wins.
     */
    static final Map<String, String> POINTS_PRODUCER_DEFAULTS = Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");

    /** How often the writer looks for its topic while it does not exist yet (a test broker creating it on first write). */
    static final String TOPIC_DISCOVERY_INTERVAL_MS = "5000";

    /**
     * The job's InfluxDB writer: reads the points topic (where {@link PointsTopicSerializer} puts
     * every point into partition 0) as consumer group {@code <--group-id>-influxdb}, from its
     * committed offset (the points InfluxDB confirmed, committed by the writer on each completed
     * checkpoint) or else the earliest, and writes to InfluxDB. A topic that does not exist
     * yet is waited for, not a failure.
     *
     * @param run the job run whose end markers end the writer
     */
    @SuppressWarnings("deprecation") // OffsetResetStrategy is what the connector's API still takes
    public static InfluxDbFromKafka writer(
            KafkaSettings kafka, InfluxSettings influx, RejectedPoints rejected, String run) {
        Properties consumer = kafka.clientProperties();
        String group = kafka.groupId() + WRITER_GROUP_SUFFIX;
        KafkaSource<KafkaPoint> points = KafkaSource.<KafkaPoint>builder()
                .setProperties(consumer)
                .setTopicPattern(Pattern.compile(Pattern.quote(influx.pointsTopic())))
                .setProperty("partition.discovery.interval.ms", TOPIC_DISCOVERY_INTERVAL_MS)
                // The writer commits what InfluxDB confirmed (ConfirmedOffsets), not Kafka's read position.
                .setProperty("commit.offsets.on.checkpoint", "false")
                .setGroupId(group)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(KafkaPoint.deserializer())
                .build();
        return new InfluxDbFromKafka(
                points,
                create(influx, rejected, (String line) -> line),
                ConfirmedOffsets.toGroup(kafka.clientProperties(), group),
                run);
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
