package io.regimestream.job;

import io.regimestream.job.config.JobConfig;
import io.regimestream.job.functions.ScoreReadings;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.KafkaRecord;
import io.regimestream.job.sinks.InfluxPointLines;
import io.regimestream.model.RegimeModel;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring job's dataflow, in one place for every way of running it ({@code flink run},
 * {@code bin/job}, the demo, the tests). Scoring is one chained task, no exchange between tasks;
 * with InfluxDB on, the InfluxDB writer is a second task with no connection to it:
 * <pre>
 *  Kafka readings -> score readings: validate, score (PMML), detect regime changes -> Kafka (5 topics, one sink)
 *                         ^  (each task follows the model topic itself)          \-> Kafka points topic (line protocol)
 *  Kafka models ----------+
 *  Kafka points topic -> InfluxDB writer (reads only while InfluxDB keeps up) -> InfluxDB
 * </pre>
 * The operator emits one stream of {@link JobOutput}s (prediction, dead letter, regime change,
 * model status, drift figures or event); the Kafka sink routes each to its topic, the outputs with
 * an InfluxDB point go as lines to the points topic. Sources and sinks come in a {@link PipelineIo}
 * ({@link KafkaPipelineIo} in production), so a test runs this very graph with its own.
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
}
