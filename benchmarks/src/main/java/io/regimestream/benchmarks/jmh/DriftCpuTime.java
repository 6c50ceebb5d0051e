package io.regimestream.benchmarks.jmh;

import io.regimestream.job.functions.ReadingScorer;
import io.regimestream.job.records.JobOutput;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The hot path's cost of drift monitoring on a busy machine: {@link ReadingScorer#process} on
 * readings of 100,000 machines with drift off and on, <em>interleaved</em> in short chunks (off,
 * on, off, on, ... {@value #CHUNK} records each), each chunk measured in CPU time of its own
 * thread. Other work on the machine then slows neighbouring chunks of both sides alike; the median
 * of the per-pair ratios is the cost. Prints the medians of both sides and of the ratios.
 *
 * <p>{@code java ... DriftCpuTime [SECONDS]} (default 60, after 10 s of warm-up). {@code java ...
 * DriftCpuTime off|on SECONDS} measures one side alone in this JVM (its own JIT profile and heap),
 * printing the median records per CPU-second of its chunks: run it in turns, off and on, in
 * separate JVMs.
 */
public final class DriftCpuTime {

    static final int CHUNK = 16_384;

    private DriftCpuTime() {}

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("off") || args[0].equals("on"))) {
            alone(args[0].equals("on"), args.length > 1 ? Double.parseDouble(args[1]) : 20);
            return;
        }
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 60;
        byte[][] messages = DriftBench.fleetMessages();
        ReadingScorer off = DriftBench.scorer(false);
        ReadingScorer on = DriftBench.scorer(true);
        run(off, on, messages, 10); // warm-up
        double[][] result = run(off, on, messages, seconds);
        double[] offRates = result[0];
        double[] onRates = result[1];
        double[] ratios = new double[offRates.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = onRates[i] / offRates[i];
        }
        System.out.printf(
                "%d chunk pairs of %,d records; records per CPU-second, median: drift off %,.0f, on %,.0f; "
                        + "median of the per-pair ratios on/off: %+.1f %% (quartiles %+.1f %% .. %+.1f %%)%n",
                ratios.length,
                CHUNK,
                quantile(offRates, 0.5),
                quantile(onRates, 0.5),
                100 * (quantile(ratios, 0.5) - 1),
                100 * (quantile(ratios, 0.25) - 1),
                100 * (quantile(ratios, 0.75) - 1));
    }

    private static void alone(boolean drift, double seconds) {
        byte[][] messages = DriftBench.fleetMessages();
        ReadingScorer scorer = DriftBench.scorer(drift);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Consumer<JobOutput> out = o -> {};
        long warmEnd = System.nanoTime() + 10_000_000_000L;
        long next = 0;
        while (System.nanoTime() < warmEnd) {
            chunk(scorer, messages, next, out);
            next += CHUNK;
        }
        double[] rates = new double[100_000];
        int n = 0;
        long wallEnd = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < wallEnd && n < rates.length) {
            long cpu = threads.getCurrentThreadCpuTime();
            chunk(scorer, messages, next, out);
            rates[n++] = CHUNK * 1e9 / Math.max(1, threads.getCurrentThreadCpuTime() - cpu);
            next += CHUNK;
        }
        double[] measured = Arrays.copyOf(rates, n);
        System.out.printf(
                "drift %s alone: %d chunks, records per CPU-second median %,.0f (quartiles %,.0f .. %,.0f)%n",
                drift ? "on" : "off", n, quantile(measured, 0.5), quantile(measured, 0.25), quantile(measured, 0.75));
    }

    private static double[][] run(ReadingScorer off, ReadingScorer on, byte[][] messages, double seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] outputs = new long[1];
        Consumer<JobOutput> out = o -> outputs[0]++;
        long wallEnd = System.nanoTime() + (long) (seconds * 1e9);
        int capacity = 1024;
        double[] offRates = new double[capacity];
        double[] onRates = new double[capacity];
        int pairs = 0;
        long next = 0;
        while (System.nanoTime() < wallEnd) {
            if (pairs == capacity) {
                capacity *= 2;
                offRates = Arrays.copyOf(offRates, capacity);
                onRates = Arrays.copyOf(onRates, capacity);
            }
            // Both sides score the same records, in turn, so neither gets easier input.
            long cpu = threads.getCurrentThreadCpuTime();
            chunk(off, messages, next, out);
            long cpuOff = threads.getCurrentThreadCpuTime();
            chunk(on, messages, next, out);
            long cpuOn = threads.getCurrentThreadCpuTime();
            next += CHUNK;
            offRates[pairs] = CHUNK * 1e9 / Math.max(1, cpuOff - cpu);
            onRates[pairs] = CHUNK * 1e9 / Math.max(1, cpuOn - cpuOff);
            pairs++;
        }
        if (outputs[0] == 42) {
            System.out.print(""); // keeps the outputs observable
        }
        return new double[][] {Arrays.copyOf(offRates, pairs), Arrays.copyOf(onRates, pairs)};
    }

    private static void chunk(ReadingScorer scorer, byte[][] messages, long first, Consumer<JobOutput> out) {
        for (int i = 0; i < CHUNK; i++) {
            int m = (int) ((first + i) & (DriftBench.MESSAGES - 1));
            scorer.process(messages[m], "machine-temperature", 0, m, -1, out);
        }
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }
}
