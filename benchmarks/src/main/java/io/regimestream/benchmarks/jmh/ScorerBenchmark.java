package io.regimestream.benchmarks.jmh;

import io.regimestream.model.RegimeModel;
import io.regimestream.model.RegimeScore;
import io.regimestream.model.ScoringEngine;
import io.regimestream.model.fast.FastRegimeScorer;
import java.util.concurrent.TimeUnit;
import org.jpmml.evaluator.HasPMML;
import org.jpmml.evaluator.LoadingModelEvaluatorBuilder;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * One temperature scored into a regime and its probabilities (records/s per thread), through the
 * job's own {@link RegimeModel#score}: with JPMML (input preparation, evaluate, decoding the
 * result into a probability array) and with the compiled fast path. {@code fastSession} is the
 * floor: the fast scorer reusing its arrays.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ScorerBenchmark {

    private double[] temperatures;
    private RegimeModel jpmml;
    private RegimeModel fast;
    private FastRegimeScorer.Session session;
    private int next;

    @Setup
    public void setUp() throws Exception {
        temperatures = BenchData.temperatures();
        String model = BenchData.model().toString();
        jpmml = RegimeModel.load(model, ScoringEngine.JPMML);
        fast = RegimeModel.load(model, ScoringEngine.AUTO);
        if (!fast.usesFastPath()) {
            throw new IllegalStateException("the fast path does not support " + model + ": " + fast.describe());
        }
        HasPMML pmml = (HasPMML) new LoadingModelEvaluatorBuilder()
                .load(BenchData.model().toFile())
                .build();
        session =
                FastRegimeScorer.compile(pmml.getPMML()).scorer().orElseThrow().newSession();
    }

    @Benchmark
    public RegimeScore jpmml() {
        return jpmml.score(temperatures[next++ & (BenchData.SIZE - 1)]);
    }

    @Benchmark
    public RegimeScore fast() {
        return fast.score(temperatures[next++ & (BenchData.SIZE - 1)]);
    }

    @Benchmark
    public void fastSession(Blackhole out) {
        out.consume(session.score(temperatures[next++ & (BenchData.SIZE - 1)]));
        out.consume(session.probabilities());
    }
}
