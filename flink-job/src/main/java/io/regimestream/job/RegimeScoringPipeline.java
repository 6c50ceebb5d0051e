package io.regimestream.job;

import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.RegimeChange;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.functions.DeadLetters;
import io.regimestream.job.functions.DetectRegimeChanges;
import io.regimestream.job.functions.FetchAnnouncedModel;
import io.regimestream.job.functions.ModelStatuses;
import io.regimestream.job.functions.ParseAndValidate;
import io.regimestream.job.functions.ScoreReading;
import io.regimestream.job.model.ModelArtifact;
import io.regimestream.job.model.RegimeModel;
import io.regimestream.job.records.KafkaRecord;
import io.regimestream.job.records.KafkaRecordDeserializer;
import io.regimestream.job.records.ScoredReading;
import io.regimestream.job.records.ValidReading;
import io.regimestream.job.sinks.DeadLetterPoints;
import io.regimestream.job.sinks.DeadLetterSerializer;
import io.regimestream.job.sinks.InfluxSinks;
import io.regimestream.job.sinks.KafkaSinks;
import io.regimestream.job.sinks.ModelStatusSerializer;
import io.regimestream.job.sinks.RegimeChangePoints;
import io.regimestream.job.sinks.RegimeChangeSerializer;
import io.regimestream.job.sinks.PredictionPoints;
import io.regimestream.job.sinks.PredictionSerializer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The scoring job's dataflow, in one place for every way of running it ({@code flink run},
 * {@code bin/job}, the demo, the tests):
 * <pre>
 *  Kafka readings -> parse and validate -> score regime (PMML) -> Kafka predictions  + InfluxDB machine_regime
 *                          |                 ^    |    |
 *                          |                 |    |    +-> detect regime changes -> Kafka regime changes + InfluxDB regime_change
 *                          +-----------------|----+--> Kafka dead letters + InfluxDB dead_letter
 *  Kafka models -> fetch announced model ----+ (broadcast) --> Kafka model status (activated / rejected)
 * </pre>
 */
public final class RegimeScoringPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(RegimeScoringPipeline.class);
    private static final Duration MODEL_TOPIC_DISCOVERY = Duration.ofSeconds(10);

    private RegimeScoringPipeline() {
    }

    /**
     * Adds the pipeline to {@code env} and configures checkpointing and restarts. The model is
     * loaded and checked here first, so a bad one fails before anything is submitted.
     *
     * @throws io.regimestream.job.model.ModelException naming the model file and its problem
     */
    public static void build(StreamExecutionEnvironment env, JobConfig config) {
        RegimeModel model = RegimeModel.load(config.modelLocation());
        LOG.info("Model {}: {}", config.modelLocation(), model.describe());
        LOG.info("Building the scoring pipeline with {}", config);
        TopicSetup.ensureTopics(config);
        configure(env, config);

        DataStream<KafkaRecord> records = env
                .fromSource(kafkaSource(config), WatermarkStrategy.noWatermarks(), "Kafka: " + config.inputTopic())
                .uid("kafka-readings-source");

        SingleOutputStreamOperator<ValidReading> readings = records
                .process(new ParseAndValidate(config.validation()))
                .name("Parse and validate").uid("parse-and-validate");

        SingleOutputStreamOperator<ModelArtifact> announcedModels = modelAnnouncements(env, config)
                .process(new FetchAnnouncedModel())
                .name("Fetch announced model").uid(FetchAnnouncedModel.NAME).setParallelism(1);
        BroadcastStream<ModelArtifact> modelUpdates = announcedModels.broadcast(ScoreReading.ACTIVE_MODEL);

        SingleOutputStreamOperator<ScoredReading> predictions = readings
                .connect(modelUpdates)
                .process(new ScoreReading(config.modelLocation(), config.lowConfidenceThreshold()))
                .name("Score regime (PMML)").uid(ScoreReading.NAME);

        DataStream<RegimeChange> regimeChanges = predictions
                .keyBy(scored -> scored.prediction().machineId())
                .process(new DetectRegimeChanges(config.regimeChangeReadings()))
                .name("Detect regime changes").uid(DetectRegimeChanges.NAME);

        DataStream<DeadLetter> deadLetters = readings.getSideOutput(DeadLetters.TAG)
                .union(predictions.getSideOutput(DeadLetters.TAG));
        DataStream<ModelStatus> modelStatuses = announcedModels.getSideOutput(ModelStatuses.TAG)
                .union(predictions.getSideOutput(ModelStatuses.TAG));

        predictions
                .sinkTo(KafkaSinks.create(config, "predictions", new PredictionSerializer(config.outputTopic())))
                .name("Kafka: " + config.outputTopic()).uid("kafka-predictions-sink");
        deadLetters
                .sinkTo(KafkaSinks.create(config, "dead-letters", new DeadLetterSerializer(config.deadLetterTopic())))
                .name("Kafka: " + config.deadLetterTopic()).uid("kafka-dead-letters-sink");
        regimeChanges
                .sinkTo(KafkaSinks.create(config, "regime-changes", new RegimeChangeSerializer(config.regimeChangesTopic())))
                .name("Kafka: " + config.regimeChangesTopic()).uid("kafka-regime-changes-sink");
        modelStatuses
                .sinkTo(KafkaSinks.create(config, "model-status", new ModelStatusSerializer(config.modelStatusTopic())))
                .name("Kafka: " + config.modelStatusTopic()).uid("kafka-model-status-sink");

        if (config.influx() != null) {
            String database = config.influx().database();
            predictions
                    .sinkTo(InfluxSinks.create(config, new PredictionPoints()))
                    .name("InfluxDB: " + database + "." + PredictionPoints.MEASUREMENT).uid("influxdb-predictions-sink");
            deadLetters
                    .sinkTo(InfluxSinks.create(config, new DeadLetterPoints()))
                    .name("InfluxDB: " + database + "." + DeadLetterPoints.MEASUREMENT).uid("influxdb-dead-letters-sink");
            regimeChanges
                    .sinkTo(InfluxSinks.create(config, new RegimeChangePoints()))
                    .name("InfluxDB: " + database + "." + RegimeChangePoints.MEASUREMENT).uid("influxdb-regime-changes-sink");
        }
    }

    private static KafkaSource<KafkaRecord> kafkaSource(JobConfig config) {
        KafkaSourceBuilder<KafkaRecord> source = KafkaSource.<KafkaRecord>builder()
                .setProperties(config.kafkaProperties())
                .setTopics(config.inputTopic())
                .setGroupId(config.groupId())
                .setStartingOffsets(config.startingOffsets().initializer())
                .setDeserializer(new KafkaRecordDeserializer());
        if (config.bounded()) {
            source.setBounded(OffsetsInitializer.latest());
        }
        return source.build();
    }

    /**
     * The control topic; none in a bounded run (a replay or test), which ends with its input: a
     * bounded Kafka source on a topic that does not exist never ends.
     */
    private static DataStream<KafkaRecord> modelAnnouncements(StreamExecutionEnvironment env, JobConfig config) {
        if (config.bounded()) {
            // (fromData of an empty collection fails in Flink 2.2: one number, dropped, makes an empty stream)
            return env.fromSequence(0, 0).uid("no-model-announcements-source").setParallelism(1)
                    .flatMap((Long number, Collector<KafkaRecord> none) -> { }).returns(TypeInformation.of(KafkaRecord.class))
                    .name("No model updates (bounded run)").uid("no-model-announcements").setParallelism(1);
        }
        return env.fromSource(modelAnnouncementSource(config), WatermarkStrategy.noWatermarks(), "Kafka: " + config.modelTopic())
                .uid("kafka-model-announcements-source").setParallelism(1);
    }

    /**
     * Announcements published from now on. A restored job continues from its checkpointed offsets
     * instead (and scores with the model in its checkpoint). The topic is matched as a pattern, so
     * the job also starts before the first announcement creates it (found within 10 s).
     */
    private static KafkaSource<KafkaRecord> modelAnnouncementSource(JobConfig config) {
        KafkaSourceBuilder<KafkaRecord> source = KafkaSource.<KafkaRecord>builder()
                .setProperties(config.kafkaProperties())
                .setTopicPattern(Pattern.compile(Pattern.quote(config.modelTopic())))
                .setGroupId(config.groupId() + "-models")
                .setStartingOffsets(OffsetsInitializer.timestamp(System.currentTimeMillis()))
                .setProperty("partition.discovery.interval.ms", String.valueOf(MODEL_TOPIC_DISCOVERY.toMillis()))
                .setDeserializer(new KafkaRecordDeserializer());
        return source.build();
    }

    private static void configure(StreamExecutionEnvironment env, JobConfig config) {
        if (config.parallelism() > 0) {
            env.setParallelism(config.parallelism());
        }
        if (!config.checkpointInterval().isZero()) {
            env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
            env.getCheckpointConfig().setCheckpointTimeout(config.checkpointTimeout().toMillis());
        }
        Configuration restarts = new Configuration();
        if (config.restartAttempts() == 0) {
            restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            env.configure(restarts);
            return;
        }
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMinutes(1));
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, config.restartAttempts());
        env.configure(restarts);
    }
}
