package io.regimestream.job;

import io.regimestream.job.config.JobConfig;
import io.regimestream.job.functions.ScoreReadings;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.KafkaRecord;
import io.regimestream.model.RegimeModel;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
     * Adds the pipeline, reading and writing through {@code io}, to {@code env}. It configures
     * nothing of Flink's: checkpointing, restarts, parallelism, object reuse and the like come from
     * Flink's configuration ({@code -D}, {@code config.yaml}, ...; the project's recommended
     * settings are {@code flink-job/conf/config.yaml}); what the job needs of them is checked
     * ({@link DeliveryRequirements}). The model is loaded and checked here first, so a bad one
     * fails before anything is submitted.
     *
     * @param io the real Kafka and InfluxDB ({@link KafkaPipelineIo}) or test sources and sinks
     * @throws io.regimestream.model.ModelException naming the model file and its problem
     * @throws IllegalArgumentException when Flink's checkpoints cannot carry the configured delivery
     */
    public static void build(StreamExecutionEnvironment env, JobConfig config, PipelineIo io) {
        String modelLocation = config.model().location();
        RegimeModel model = RegimeModel.load(modelLocation);
        LOG.info("Model {}: {}", modelLocation, model.describe());
        LOG.info("Building the scoring pipeline with {}", config);
        DeliveryRequirements.check(env.getCheckpointConfig(), config.kafka());

        DataStream<KafkaRecord> records = env.fromSource(
                        io.readings(), WatermarkStrategy.noWatermarks(), io.readingsName())
                .uid(OperatorUids.KAFKA_READINGS_SOURCE);
        ScoreReadings scoring = new ScoreReadings(
                config.validation(), modelLocation, config.scoring(), io.modelAnnouncements(), config.drift());
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
        if (io.points() != null) {
            outputs.filter(JobOutput::hasInfluxPoint)
                    .name("InfluxDB points only")
                    .uid(OperatorUids.INFLUXDB_POINTS_FILTER)
                    .sinkTo(io.points())
                    .name(io.pointsName())
                    .uid(OperatorUids.INFLUXDB_OUTPUTS_SINK);
        }
    }
}
