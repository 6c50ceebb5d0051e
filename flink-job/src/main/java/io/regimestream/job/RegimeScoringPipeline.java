package io.regimestream.job;

import io.regimestream.common.records.DeadLetter;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.functions.DeadLetters;
import io.regimestream.job.functions.ParseAndValidate;
import io.regimestream.job.functions.ScoreReading;
import io.regimestream.job.model.RegimeModel;
import io.regimestream.job.records.KafkaRecord;
import io.regimestream.job.records.KafkaRecordDeserializer;
import io.regimestream.job.records.ScoredReading;
import io.regimestream.job.records.ValidReading;
import io.regimestream.job.sinks.DeadLetterPoints;
import io.regimestream.job.sinks.DeadLetterSerializer;
import io.regimestream.job.sinks.InfluxSinks;
import io.regimestream.job.sinks.KafkaSinks;
import io.regimestream.job.sinks.PredictionPoints;
import io.regimestream.job.sinks.PredictionSerializer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The scoring job's dataflow, in one place for every way of running it ({@code flink run},
 * {@code bin/job}, the demo, the tests):
 * <pre>
 *  Kafka readings -> parse and validate -> score regime (PMML) -> Kafka predictions  + InfluxDB machine_regime
 *                          |                      |
 *                          +----------------------+--> Kafka dead letters + InfluxDB dead_letter
 * </pre>
 */
public final class RegimeScoringPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(RegimeScoringPipeline.class);

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
        configure(env, config);

        DataStream<KafkaRecord> records = env
                .fromSource(kafkaSource(config), WatermarkStrategy.noWatermarks(), "Kafka: " + config.inputTopic())
                .uid("kafka-readings-source");

        SingleOutputStreamOperator<ValidReading> readings = records
                .process(new ParseAndValidate(config.validation()))
                .name("Parse and validate").uid("parse-and-validate");

        SingleOutputStreamOperator<ScoredReading> predictions = readings
                .process(new ScoreReading(config.modelLocation()))
                .name("Score regime (PMML)").uid("score-regime");

        DataStream<DeadLetter> deadLetters = readings.getSideOutput(DeadLetters.TAG)
                .union(predictions.getSideOutput(DeadLetters.TAG));

        predictions
                .sinkTo(KafkaSinks.create(config, "predictions", new PredictionSerializer(config.outputTopic())))
                .name("Kafka: " + config.outputTopic()).uid("kafka-predictions-sink");
        deadLetters
                .sinkTo(KafkaSinks.create(config, "dead-letters", new DeadLetterSerializer(config.deadLetterTopic())))
                .name("Kafka: " + config.deadLetterTopic()).uid("kafka-dead-letters-sink");

        if (config.influx() != null) {
            String database = config.influx().database();
            predictions
                    .sinkTo(InfluxSinks.create(config.influx(), new PredictionPoints()))
                    .name("InfluxDB: " + database + "." + PredictionPoints.MEASUREMENT).uid("influxdb-predictions-sink");
            deadLetters
                    .sinkTo(InfluxSinks.create(config.influx(), new DeadLetterPoints()))
                    .name("InfluxDB: " + database + "." + DeadLetterPoints.MEASUREMENT).uid("influxdb-dead-letters-sink");
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

    private static void configure(StreamExecutionEnvironment env, JobConfig config) {
        if (config.parallelism() > 0) {
            env.setParallelism(config.parallelism());
        }
        if (!config.checkpointInterval().isZero()) {
            env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
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
