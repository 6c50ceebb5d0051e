package io.regimestream.benchmarks.jmh;

import io.regimestream.common.codec.CompactPredictionWriter;
import io.regimestream.common.codec.JacksonPredictionWriter;
import io.regimestream.common.codec.PredictionJsonWriter;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.InvalidRecordException;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.ScoredReading;
import io.regimestream.job.sinks.JobOutputSerializer;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The record codec the job and the raw loops use: parse a reading; write a prediction with the job's
 * reused writer ({@link PredictionJsonWriter}, bytes appended directly) and with the Jackson
 * generator it replaced ({@link JacksonPredictionWriter}, byte-identical text); the compact record
 * ({@link CompactPredictionWriter}, {@code --prediction-format compact}); and the job's Kafka
 * sink serializer on a new prediction output per record, as the scoring operator emits them (topic,
 * key, JSON value): records/s per thread. The predictions are simulated readings scored by the
 * committed model, so their probabilities have the digits real ones have.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class CodecBenchmark {

    private byte[][] messages;
    private Prediction[] predictions;
    private PredictionJsonWriter writer;
    private JacksonPredictionWriter jackson;
    private CompactPredictionWriter compact;
    private KafkaRecordSerializationSchema<JobOutput> serializer;
    private int next;

    @Setup
    public void setUp() throws Exception {
        JobConfig config = JobConfig.defaults("127.0.0.1:1");
        serializer = JobOutputSerializer.create(config.topics(), config.output());
        serializer.open(null, null);
        messages = BenchData.readingMessages();
        predictions = BenchData.predictions();
        writer = new PredictionJsonWriter();
        jackson = new JacksonPredictionWriter();
        compact = new CompactPredictionWriter();
    }

    @Benchmark
    public Reading parseReading() throws InvalidRecordException {
        return ReadingCodec.fromJson(messages[next++ & (BenchData.SIZE - 1)], 0L);
    }

    @Benchmark
    public byte[] writePrediction() {
        return writer.toJson(predictions[next++ & (BenchData.SIZE - 1)]);
    }

    @Benchmark
    public byte[] writePredictionJackson() {
        return jackson.toJson(predictions[next++ & (BenchData.SIZE - 1)]);
    }

    @Benchmark
    public byte[] writeCompactPrediction() {
        return compact.toJson(predictions[next++ & (BenchData.SIZE - 1)]);
    }

    @Benchmark
    public ProducerRecord<byte[], byte[]> serializePrediction() {
        int i = next++ & (BenchData.SIZE - 1);
        Prediction p = predictions[i];
        return serializer.serialize(JobOutput.of(new ScoredReading(p, i & 3, i)), null, p.timestamp());
    }
}
