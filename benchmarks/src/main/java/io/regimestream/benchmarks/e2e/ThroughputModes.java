package io.regimestream.benchmarks.e2e;

import io.regimestream.common.codec.RecordCodec;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.job.model.RegimeModel;
import io.regimestream.job.model.RegimeScore;
import io.regimestream.job.model.ScoringEngine;
import io.regimestream.localservices.InfluxDbServer;
import io.regimestream.job.RegimeScoringPipeline;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.localservices.KafkaBrokerProcess;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Supplier;

/** The throughput modes, each on the same loaded readings and into its own output topic. */
final class ThroughputModes {

    private static final Logger LOG = LoggerFactory.getLogger(ThroughputModes.class);

    private final KafkaBrokerProcess broker;
    private final InfluxDbServer influx;
    private final int partitions;
    private final int parallelism;
    private final Path model;
    private final long expected;
    private final boolean objectReuse;

    ThroughputModes(KafkaBrokerProcess broker, InfluxDbServer influx, int partitions, int parallelism, Path model, long expected,
                    boolean objectReuse) {
        this.broker = broker;
        this.influx = influx;
        this.partitions = partitions;
        this.parallelism = parallelism;
        this.model = model;
        this.expected = expected;
        this.objectReuse = objectReuse;
    }

    /** One unmeasured raw-copy pass, so that the first measured mode does not pay for JIT and page-cache warm-up. */
    void warmUp() throws Exception {
        raw("warm-up", "not reported", () -> RecordCodec::toJson);
    }

    /** Consume -> parse -> write the reading back -> produce: the I/O limit. */
    ModeResult rawCopy() throws Exception {
        return raw("raw-copy", "kafka-clients loop: consume, parse, re-serialize the reading, produce",
                () -> RecordCodec::toJson);
    }

    List<ModeResult> others() throws Exception {
        List<ModeResult> results = new ArrayList<>();
        results.add(raw("raw-score-jpmml", "the same loop + JPMML evaluator + prediction JSON", this::jpmmlScoring));
        results.add(raw("raw-score-fast", "the same loop + compiled fast scorer + prediction JSON", this::fastScoring));
        results.add(flink("flink-at-least-once", "the job, Kafka to Kafka, at-least-once", DeliveryMode.AT_LEAST_ONCE, false));
        results.add(flink("flink-exactly-once", "the job, Kafka to Kafka, exactly-once (transactions, checkpoint every "
                + FlinkRuns.CHECKPOINT_INTERVAL.toSeconds() + " s)", DeliveryMode.EXACTLY_ONCE, false));
        results.add(flink("flink-influx", "the job, at-least-once, with the InfluxDB sinks on", DeliveryMode.AT_LEAST_ONCE, true));
        return results;
    }

    private ModeResult flink(String mode, String description, DeliveryMode delivery, boolean withInflux) throws Exception {
        broker.createTopic(Topics.output(mode), partitions, Topics.OUTPUT_CONFIG);
        broker.createTopic(Topics.deadLetters(mode), partitions, Topics.OUTPUT_CONFIG);
        InfluxSettings settings = withInflux ? new InfluxSettings(influx.url(), "bench_" + mode.replace('-', '_'), null, null) : null;
        // The same producer batching as the raw loops (the job's own default linger is 5 ms).
        Properties batching = new Properties();
        batching.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(BenchKafka.LINGER_MS));
        batching.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(BenchKafka.BATCH_BYTES));
        StreamExecutionEnvironment env = FlinkRuns.environment(parallelism, objectReuse);
        RegimeScoringPipeline.build(env, FlinkRuns.config(broker.bootstrapServers(), mode, Topics.READINGS, model,
                delivery, settings, parallelism, true, batching));
        long started = System.nanoTime();
        env.execute("bench " + mode);
        double wall = BenchCommand.seconds(started);
        ModeResult result = measured(mode, description, Topics.output(mode), wall);
        if (withInflux) {
            LOG.info("{}: {} points in InfluxDB", mode, InfluxCounts.points(influx, settings.database()));
        }
        return result;
    }

    private ModeResult raw(String mode, String description, Supplier<Function<Reading, byte[]>> transform) throws Exception {
        String output = Topics.output(mode);
        broker.createTopic(output, partitions, Topics.OUTPUT_CONFIG);
        long started = System.nanoTime();
        RawLoop.run(broker.bootstrapServers(), Topics.READINGS, output, parallelism, transform);
        double wall = BenchCommand.seconds(started);
        return measured(mode, description, output, wall);
    }

    ModeResult measured(String mode, String description, String output, double wallSeconds) {
        OutputTopic topic = OutputTopic.read(broker.bootstrapServers(), output);
        if (topic.records() != expected) {
            LOG.warn("{}: {} output records for {} readings", mode, topic.records(), expected);
        }
        LOG.info(String.format("%s: %,d records, %,.0f records/s", mode, topic.records(), topic.recordsPerSecond()));
        return new ModeResult(mode, description, topic.records(), topic.appendSpanSeconds(), topic.recordsPerSecond(),
                Double.NaN, wallSeconds);
    }

    private Function<Reading, byte[]> jpmmlScoring() {
        return scoring(RegimeModel.load(model.toString(), ScoringEngine.JPMML));
    }

    private Function<Reading, byte[]> fastScoring() {
        return scoring(RegimeModel.load(model.toString(), ScoringEngine.AUTO));
    }

    /** What the job's ScoreReading does per reading, without Flink. */
    private static Function<Reading, byte[]> scoring(RegimeModel regimes) {
        return reading -> {
            RegimeScore score = regimes.score(reading.temperature());
            return RecordCodec.toJson(new Prediction(reading.machineId(), reading.timestamp(), reading.temperature(),
                    score.regime(), score.confidence(), score.probabilities(), regimes.version(), System.currentTimeMillis()));
        };
    }
}
