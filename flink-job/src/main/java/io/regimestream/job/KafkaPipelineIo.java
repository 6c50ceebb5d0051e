package io.regimestream.job;

import io.regimestream.job.config.JobConfig;
import io.regimestream.job.functions.ScoreReadings;
import io.regimestream.job.records.KafkaRecord;
import io.regimestream.job.records.KafkaRecordDeserializer;
import io.regimestream.job.sinks.InfluxSinks;
import io.regimestream.job.sinks.JobOutputPoints;
import io.regimestream.job.sinks.JobOutputSerializer;
import io.regimestream.job.sinks.KafkaSinks;
import io.regimestream.job.sinks.OutputTopics;
import java.util.Properties;
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
        if (!config.announcementPolicy().authenticates()) {
            LOG.warn(
                    "Model announcements on {} are not authenticated: anyone who can write to the topic can swap the model "
                            + "(pass --model-public-key to accept only signed ones)",
                    config.modelTopic());
        }
        return io(
                config,
                source(config).build(),
                new ScoreReadings.ModelTopic(
                        config.kafkaProperties(),
                        config.modelTopic(),
                        System.currentTimeMillis(),
                        config.announcementPolicy(),
                        config.shadowReportInterval()));
    }

    /**
     * A replay of what the input topic holds when the job starts: the source ends at those offsets
     * and the job with it, and it takes no model announcements (tests and benchmarks).
     */
    public static PipelineIo replay(JobConfig config) {
        return io(config, source(config).setBounded(OffsetsInitializer.latest()).build(), null);
    }

    private static PipelineIo io(JobConfig config, KafkaSource<KafkaRecord> readings, ScoreReadings.ModelTopic models) {
        String outputsName =
                "Kafka: " + String.join(", ", OutputTopics.of(config).all());
        boolean influx = config.influx() != null;
        return new PipelineIo(
                readings,
                "Kafka: " + config.inputTopic(),
                models,
                KafkaSinks.create(config, "outputs", JobOutputSerializer.create(config)),
                outputsName,
                influx ? InfluxSinks.create(config, new JobOutputPoints()) : null,
                influx ? "InfluxDB: " + config.influx().database() : null);
    }

    private static KafkaSourceBuilder<KafkaRecord> source(JobConfig config) {
        Properties consumer = config.kafkaProperties();
        consumer.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, SOURCE_MAX_POLL_RECORDS);
        return KafkaSource.<KafkaRecord>builder()
                .setProperties(consumer)
                .setTopics(config.inputTopic())
                .setGroupId(config.groupId())
                .setStartingOffsets(config.startingOffsets().initializer())
                .setDeserializer(new KafkaRecordDeserializer());
    }
}
