package io.regimestream.benchmarks.jmh;

import io.regimestream.benchmarks.scoring.JpmmlScoring;
import io.regimestream.job.model.fast.FastRegimeScorer;
import org.jpmml.evaluator.HasPMML;
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

import java.util.concurrent.TimeUnit;

/**
 * One temperature scored into a regime and its probabilities (records/s per thread): JPMML as
 * the job calls it (input preparation, evaluate, result decoding into a probability array) and
 * the compiled fast path (a fresh probability array per record, as a Prediction needs; and a
 * reused session, the floor).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ScorerBenchmark {

    private double[] temperatures;
    private JpmmlScoring jpmml;
    private FastRegimeScorer fast;
    private FastRegimeScorer.Session session;
    private int next;

    @Setup
    public void setUp() throws Exception {
        temperatures = BenchData.temperatures();
        jpmml = new JpmmlScoring(BenchData.model());
        fast = FastRegimeScorer.compile(((HasPMML) jpmml.evaluator()).getPMML()).scorer()
                .orElseThrow(() -> new IllegalStateException("the fast path does not support " + BenchData.model()));
        session = fast.newSession();
    }

    @Benchmark
    public void jpmml(Blackhole out) {
        double[] probabilities = new double[jpmml.regimeCount()];
        out.consume(jpmml.score(temperatures[next++ & (BenchData.SIZE - 1)], probabilities));
        out.consume(probabilities);
    }

    @Benchmark
    public void fast(Blackhole out) {
        double[] probabilities = new double[fast.regimeCount()];
        out.consume(fast.score(temperatures[next++ & (BenchData.SIZE - 1)], probabilities));
        out.consume(probabilities);
    }

    @Benchmark
    public void fastSession(Blackhole out) {
        out.consume(session.score(temperatures[next++ & (BenchData.SIZE - 1)]));
        out.consume(session.probabilities());
    }
}
