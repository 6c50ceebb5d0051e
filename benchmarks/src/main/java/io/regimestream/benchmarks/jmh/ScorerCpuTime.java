package io.regimestream.benchmarks.jmh;

import io.regimestream.model.RegimeModel;
import io.regimestream.model.ScoringEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Scorer records per second of the scoring thread's own CPU time: on a machine that other work
 * keeps busy (JMH's wall-clock ops/s then measures the share of a core the thread got), this is
 * what one thread does with a core to itself. Complements, does not replace, ScorerBenchmark.
 */
public final class ScorerCpuTime {

    private ScorerCpuTime() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        String model = BenchData.model().toString();
        double[] temperatures = BenchData.temperatures();
        for (ScoringEngine engine : ScoringEngine.values()) {
            RegimeModel regimes = RegimeModel.load(model, engine);
            measure(regimes, temperatures, seconds / 2); // warm-up
            double perCpuSecond = measure(regimes, temperatures, seconds);
            System.out.printf("%-6s %,14.0f records per CPU-second (%s)%n", engine, perCpuSecond, regimes.describe());
        }
    }

    private static double measure(RegimeModel regimes, double[] temperatures, double seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallEnd = System.nanoTime() + (long) (seconds * 1e9);
        long count = 0;
        int checksum = 0;
        while (System.nanoTime() < wallEnd) {
            for (int i = 0; i < 1024; i++) {
                checksum += regimes.score(temperatures[(int) (count++ & (BenchData.SIZE - 1))])
                        .regime();
            }
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        if (checksum == 42) {
            System.out.print(""); // keeps the scores observable, so the loop is not optimized away
        }
        return count * 1e9 / cpu;
    }
}
