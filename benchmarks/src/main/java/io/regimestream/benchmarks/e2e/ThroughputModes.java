package io.regimestream.benchmarks.e2e;

import io.regimestream.benchmarks.scoring.JpmmlScoring;
import io.regimestream.common.codec.RecordCodec;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.job.model.fast.FastRegimeScorer;
import io.regimestream.localservices.InfluxDbServer;
import org.jpmml.evaluator.HasPMML;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** The throughput modes, each on the same loaded readings and into its own output topic. */
final class ThroughputModes {

    private static final Logger LOG = LoggerFactory.getLogger(ThroughputModes.class);

    private final ExternalBroker broker;
    private final InfluxDbServer influx;
    private final int partitions;
    private final int parallelism;
    private final Path model;
    private final long expected;
    private final String modelVersion;

    ThroughputModes(ExternalBroker broker, InfluxDbServer influx, int partitions, int parallelism, Path model, long expected)
            throws Exception {
        this.broker = broker;
        this.influx = influx;
        this.partitions = partitions;
        this.parallelism = parallelism;
        this.model = model;
        this.expected = expected;
        Path metadata = model.resolveSibling("model.json");
        this.modelVersion = Files.isRegularFile(metadata) ? ModelMetadata.read(metadata).version() : "unversioned";
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
        return results;
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
        JpmmlScoring jpmml = uncheck(() -> new JpmmlScoring(model));
        return reading -> {
            double[] probabilities = new double[jpmml.regimeCount()];
            int regime = jpmml.score(reading.temperature(), probabilities);
            return prediction(reading, regime, probabilities);
        };
    }

    private Function<Reading, byte[]> fastScoring() {
        JpmmlScoring jpmml = uncheck(() -> new JpmmlScoring(model));
        FastRegimeScorer fast = FastRegimeScorer.compile(((HasPMML) jpmml.evaluator()).getPMML()).scorer()
                .orElseThrow(() -> new IllegalStateException("the fast path does not support " + model));
        return reading -> {
            double[] probabilities = new double[fast.regimeCount()];
            int regime = fast.score(reading.temperature(), probabilities);
            if (regime == FastRegimeScorer.NOT_SCORED) {
                regime = jpmml.score(reading.temperature(), probabilities);
            }
            return prediction(reading, regime, probabilities);
        };
    }

    private byte[] prediction(Reading reading, int regime, double[] probabilities) {
        return RecordCodec.toJson(new Prediction(reading.machineId(), reading.timestamp(), reading.temperature(), regime,
                probabilities[regime], probabilities, modelVersion, System.currentTimeMillis()));
    }

    interface Checked<T> {
        T get() throws Exception;
    }

    static <T> T uncheck(Checked<T> supplier) {
        try {
            return supplier.get();
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
