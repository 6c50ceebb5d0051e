package io.regimestream.job;

import io.regimestream.job.canary.CanarySeal;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.KafkaSettings;
import io.regimestream.job.functions.ScoreReadings;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.KafkaRecord;
import io.regimestream.job.records.KafkaRecordDeserializer;
import io.regimestream.job.sinks.DeadLetterProducer;
import io.regimestream.job.sinks.InfluxSinks;
import io.regimestream.job.sinks.JobOutputSerializer;
import io.regimestream.job.sinks.KafkaSinks;
import io.regimestream.job.sinks.OutputTopics;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's real sources and sinks, from its configuration: readings from Kafka, model
 * announcements followed on the control topic, every output to Kafka (one sink, four topics) and
 * the points to InfluxDB when it is configured.
 */
public final class KafkaPipelineIo {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPipelineIo.class);

    /** Records per poll of the source's consumer, as a plain consume-score-produce loop would ask (Kafka's default is 500). */
    static final String SOURCE_MAX_POLL_RECORDS = "2000";

    private KafkaPipelineIo() {}

    /** The running job: reads until stopped and follows model announcements. */
    public static PipelineIo of(JobConfig config) {
        String modelTopic = config.topics().models();
        if (config.model().acceptsUnsignedModels()) {
            LOG.warn(
                    "Model announcements are not authenticated: {}",
                    ScoreReadings.UNSIGNED_WARNING.formatted(modelTopic));
        }
        return io(
                config,
                source(config.kafka(), config.topics().readings()).build(),
                new ScoreReadings.ModelTopic(
                        config.kafka().clientProperties(),
                        modelTopic,
                        System.currentTimeMillis(),
                        config.model().announcementPolicy(),
                        config.model().shadowReportInterval(),
                        config.model().fetchTimeout(),
                        config.model().canaryReportInterval(),
                        CanarySeal.newKey()));
    }

    /**
     * A replay of what the input topic holds when the job starts: the source ends at those offsets
     * and the job with it, and it takes no model announcements (tests and benchmarks).
     */
    public static PipelineIo replay(JobConfig config) {
        return io(
                config,
                source(config.kafka(), config.topics().readings())
                        .setBounded(OffsetsInitializer.latest())
                        .build(),
                null);
    }

    private static PipelineIo io(JobConfig config, KafkaSource<KafkaRecord> readings, ScoreReadings.ModelTopic models) {
        var serializer = JobOutputSerializer.create(config.topics(), config.output());
        return new PipelineIo(
                readings,
                "Kafka: " + config.topics().readings(),
                models,
                KafkaSinks.create(config.kafka(), "outputs", serializer),
                "Kafka: " + String.join(", ", OutputTopics.of(config.topics()).all()),
                config.influx() == null ? null : influx(config, serializer));
    }

    /** Points into their topic, and a writer from there into InfluxDB; refused points go to the dead letters. */
    private static PipelineIo.Influx influx(JobConfig config, KafkaRecordSerializationSchema<JobOutput> serializer) {
        InfluxSettings influx = config.influx();
        String run = UUID.randomUUID().toString();
        return new PipelineIo.Influx(
                run,
                InfluxSinks.pointsTopic(config.kafka(), influx),
                "Kafka: " + influx.pointsTopic(),
                InfluxSinks.writer(
                        config.kafka(),
                        influx,
                        new DeadLetterProducer(config.kafka().clientProperties(), serializer, influx.database()),
                        run),
                "InfluxDB: " + influx.database() + " (from Kafka: " + influx.pointsTopic() + ")");
    }

    private static KafkaSourceBuilder<KafkaRecord> source(KafkaSettings kafka, String topic) {
        Properties consumer = kafka.clientProperties();
        consumer.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, SOURCE_MAX_POLL_RECORDS);
        return KafkaSource.<KafkaRecord>builder()
                .setProperties(consumer)
                .setTopics(topic)
                .setGroupId(kafka.groupId())
                .setStartingOffsets(kafka.startingOffsets().initializer())
                .setDeserializer(new KafkaRecordDeserializer());
    }
}
