package io.regimestream.job;

import io.regimestream.job.config.FlinkSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.functions.ScoreReadings;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.KafkaRecord;
import io.regimestream.job.sinks.InfluxPointLines;
import io.regimestream.model.RegimeModel;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring job's dataflow, in one place for every way of running it ({@code flink run},
 * {@code bin/job}, the demo, the tests). One chained task, no exchange between tasks:
 * <pre>
 *  Kafka readings -> score readings: validate, score (PMML), detect regime changes -> Kafka (4 topics, one sink)
 *                         ^  (each task follows the model topic itself)          \-> InfluxDB (3 measurements, one sink)
 *  Kafka models ----------+
 * </pre>
 * The operator emits one stream of {@link JobOutput}s (prediction, dead letter, regime change or
 * model status); the Kafka sink routes each to its topic, the InfluxDB sink turns each into its
 * point. Sources and sinks come in a {@link PipelineIo} ({@link KafkaPipelineIo} in production),
 * so a test runs this very graph with its own.
 */
public final class RegimeScoringPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(RegimeScoringPipeline.class);

    private RegimeScoringPipeline() {}

    /**
     * Adds the pipeline, reading and writing through {@code io}, to {@code env} and configures
     * checkpointing, restarts and the runtime. The model is loaded and checked here first, so a
     * bad one fails before anything is submitted.
     *
     * @param io the real Kafka and InfluxDB ({@link KafkaPipelineIo}) or test sources and sinks
     * @throws io.regimestream.model.ModelException naming the model file and its problem
     */
    public static void build(StreamExecutionEnvironment env, JobConfig config, PipelineIo io) {
        String modelLocation = config.model().location();
        RegimeModel model = RegimeModel.load(modelLocation);
        LOG.info("Model {}: {}", modelLocation, model.describe());
        LOG.info("Building the scoring pipeline with {}", config);
        configure(env, config.flink());

        DataStream<KafkaRecord> records = env.fromSource(
                        io.readings(), WatermarkStrategy.noWatermarks(), io.readingsName())
                .uid(OperatorUids.KAFKA_READINGS_SOURCE);
        ScoreReadings scoring = new ScoreReadings(
                config.validation(),
                modelLocation,
                config.scoring().lowConfidenceThreshold(),
                config.scoring().regimeChangeReadings(),
                io.modelAnnouncements(),
                config.drift());
        DataStream<JobOutput> outputs = records.transform(
                        "Score regime (PMML), detect regime changes", TypeInformation.of(JobOutput.class), scoring)
                .uid(OperatorUids.SCORE_READINGS);

        // Drift figures are InfluxDB points only: with drift on, they leave the Kafka sink's stream first.
        DataStream<JobOutput> kafkaRecords = !config.drift().enabled()
                ? outputs
                : outputs.filter(JobOutput::hasKafkaRecord)
                        .name("Kafka records only")
                        .uid(OperatorUids.KAFKA_RECORDS_FILTER);
        kafkaRecords.sinkTo(io.outputs()).name(io.outputsName()).uid(OperatorUids.KAFKA_OUTPUTS_SINK);
        if (io.influx() != null) {
            addInflux(env, outputs, io.influx());
        }
    }

    /**
     * The points take their own way to InfluxDB, apart from the Kafka outputs: the scoring tasks
     * write them as line protocol to a Kafka topic (at-least-once, at once), and a writer of their
     * own, a second pipeline of the job with no connection to the first, reads that topic and writes
     * InfluxDB. An InfluxDB outage of any length then neither holds back the Kafka outputs nor the
     * job's checkpoints: the writer only stops reading, and catches up from Kafka afterwards.
     */
    private static void addInflux(StreamExecutionEnvironment env, DataStream<JobOutput> outputs, PipelineIo.Influx io) {
        outputs.filter(JobOutput::hasInfluxPoint)
                .name("InfluxDB points only")
                .uid(OperatorUids.INFLUXDB_POINTS_FILTER)
                .transform("InfluxDB points as line protocol", Types.STRING, new InfluxPointLines(io.run()))
                .uid(OperatorUids.INFLUXDB_POINT_LINES)
                .sinkTo(io.pointsTopic())
                .name(io.pointsTopicName())
                .uid(OperatorUids.INFLUXDB_POINTS_TOPIC_SINK);
        // One writer: the topic's points are all in one partition, and InfluxDB is one server.
        env.fromSource(io.writer(), WatermarkStrategy.noWatermarks(), io.writerName())
                .uid(OperatorUids.INFLUXDB_WRITER)
                .setParallelism(1)
                .sinkTo(new DiscardingSink<>())
                .name("Nothing (the writer emits no records)")
                .uid(OperatorUids.INFLUXDB_WRITER_END)
                .setParallelism(1);
    }

    private static void configure(StreamExecutionEnvironment env, FlinkSettings config) {
        if (config.parallelism() > 0) {
            env.setParallelism(config.parallelism());
        }
        if (config.checkpointing()) {
            env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
            env.getCheckpointConfig()
                    .setCheckpointTimeout(config.checkpointTimeout().toMillis());
        }
        env.configure(runtime(config));
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

    /**
     * No Kryo: every type in the job is a Flink POJO or has its own serializer, and a generic type
     * fails the build instead of slowing the job. Object reuse: records are handed from operator to
     * operator in the chain without a copy; safe because no operator keeps or changes a record it
     * was given (the source makes a new one per Kafka record, the scoring operator new outputs,
     * and both sinks turn an output into bytes or a line at once).
     */
    static Configuration runtime(FlinkSettings config) {
        Configuration runtime = new Configuration();
        runtime.set(PipelineOptions.GENERIC_TYPES, false);
        runtime.set(PipelineOptions.OBJECT_REUSE, true);
        runtime.set(ExecutionOptions.BUFFER_TIMEOUT, config.bufferTimeout());
        return runtime;
    }
}
