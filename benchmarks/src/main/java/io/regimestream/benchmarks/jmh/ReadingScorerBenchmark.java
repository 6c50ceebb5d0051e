package io.regimestream.benchmarks.jmh;

import io.regimestream.job.functions.ReadingScorer;
import io.regimestream.job.records.JobOutput;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The job's whole per-record work ({@link ReadingScorer#process}: UTF-8 check, parse, validate,
 * score, regime track and, with {@code drift=on}, the drift windows) on readings of 100,000
 * machines, records/s per thread. {@code drift=off} against {@code on} is the cost of drift
 * monitoring on the hot path.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ReadingScorerBenchmark {

    @Param({"off", "on"})
    public String drift;

    private byte[][] messages;
    private ReadingScorer scorer;
    private Consumer<JobOutput> out;
    private int next;

    @Setup
    public void setUp(Blackhole blackhole) {
        messages = DriftBench.fleetMessages();
        scorer = DriftBench.scorer("on".equals(drift));
        out = blackhole::consume;
    }

    @Benchmark
    public void process() {
        int i = next++ & (DriftBench.MESSAGES - 1);
        scorer.process(messages[i], "machine-temperature", 0, i, -1, out);
    }
}
