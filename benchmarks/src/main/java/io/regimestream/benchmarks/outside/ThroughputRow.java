package io.regimestream.benchmarks.outside;

import io.regimestream.benchmarks.e2e.Spread;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One throughput configuration over its runs: medians and ranges, the ratios the targets are
 * stated in, and the CPU-bound ceiling its measured CPU per record allows on the machine's cores.
 * Every figure twice: over all records (the first-to-last append, a fresh JVM's start
 * included) and over the second half ("steady": warmed up, what the process sustains).
 *
 * @param ratioToBestRawCopy       median rate / raw-copy's best median over the parallelisms run (the I/O limit)
 * @param steadyRatioToBestRawCopy the same of the second-half rates: what the targets are judged on
 * @param steadyCpuByKind          median CPU-seconds per million records of each kind of the process's threads,
 *                                 second half
 * @param ceilingOnCores           records/s the second half's CPU per record allows on {@code cores} free cores:
 *                                 at most a core per task thread (parallelism / task CPU per record), at most the
 *                                 cores for the process and the broker together ({@code cores} / their CPU per record)
 */
record ThroughputRow(
        String mode,
        int parallelism,
        Spread recordsPerSecond,
        Spread steadyRecordsPerSecond,
        Spread cpuSecondsPerMillion,
        Spread steadyCpuSecondsPerMillion,
        Spread brokerCpuSecondsPerMillion,
        Spread steadyBrokerCpuSecondsPerMillion,
        Spread allocatedBytesPerRecord,
        Spread outputBytesPerRecord,
        Map<ThreadKind, Double> steadyCpuByKind,
        double ratioToRawCopy,
        double ratioToBestRawCopy,
        double steadyRatioToRawCopy,
        double steadyRatioToBestRawCopy,
        int cores,
        double ceilingOnCores) {

    static List<ThroughputRow> of(List<ThroughputResult> runs, int cores) {
        Map<String, List<ThroughputResult>> byKey = new LinkedHashMap<>();
        runs.forEach(r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
        Spread bestRawCopy = best(byKey, ThroughputResult::recordsPerSecond);
        Spread bestSteadyRawCopy = best(byKey, ThroughputResult::steadyRecordsPerSecond);
        List<ThroughputRow> rows = new ArrayList<>();
        for (List<ThroughputResult> group : byKey.values()) {
            ThroughputResult first = group.get(0);
            List<ThroughputResult> rawCopy =
                    byKey.get(ThroughputResult.key(OutsideMode.RAW_COPY.id(), first.parallelism()));
            Spread rate = spread(group, ThroughputResult::recordsPerSecond);
            Spread steady = spread(group, ThroughputResult::steadyRecordsPerSecond);
            Spread steadyCpu = spread(group, ThroughputResult::steadyCpuSecondsPerMillion);
            Spread steadyBroker = spread(group, ThroughputResult::steadyBrokerCpuSecondsPerMillion);
            Map<ThreadKind, Double> byKind = new EnumMap<>(ThreadKind.class);
            for (ThreadKind kind : ThreadKind.values()) {
                Spread s = spread(
                        group,
                        r -> r.steadyThreads() == null
                                ? Double.NaN
                                : r.steadyThreads().cpuSecondsPerMillion(kind));
                if (s.runs() > 0 && s.median() > 0) {
                    byKind.put(kind, s.median());
                }
            }
            rows.add(new ThroughputRow(
                    first.mode(),
                    first.parallelism(),
                    rate,
                    steady,
                    spread(group, ThroughputResult::cpuSecondsPerMillion),
                    steadyCpu,
                    spread(group, ThroughputResult::brokerCpuSecondsPerMillion),
                    steadyBroker,
                    spread(group, ThroughputResult::allocatedBytesPerRecord),
                    spread(group, ThroughputResult::outputBytesPerRecord),
                    byKind,
                    Spread.ratioOfMedians(
                            rate, rawCopy == null ? null : spread(rawCopy, ThroughputResult::recordsPerSecond)),
                    Spread.ratioOfMedians(rate, bestRawCopy),
                    Spread.ratioOfMedians(
                            steady, rawCopy == null ? null : spread(rawCopy, ThroughputResult::steadyRecordsPerSecond)),
                    Spread.ratioOfMedians(steady, bestSteadyRawCopy),
                    cores,
                    ceiling(
                            first.parallelism(),
                            byKind.getOrDefault(ThreadKind.TASK, Double.NaN),
                            steadyCpu.median() + steadyBroker.median(),
                            cores)));
        }
        return rows;
    }

    /**
     * @param taskCpuPerMillion  CPU-seconds of all task threads together per million records
     * @param totalCpuPerMillion the process's and the broker's per million records
     */
    static double ceiling(int parallelism, double taskCpuPerMillion, double totalCpuPerMillion, int cores) {
        double perTaskThreads = parallelism / taskCpuPerMillion * 1e6;
        double perMachine = cores / totalCpuPerMillion * 1e6;
        return Math.min(perTaskThreads, perMachine);
    }

    /** raw-copy's best median of a figure over the parallelisms run; null without raw-copy. */
    private static Spread best(Map<String, List<ThroughputResult>> byKey, ToDoubleFunction<ThroughputResult> figure) {
        Spread best = null;
        for (List<ThroughputResult> group : byKey.values()) {
            if (group.get(0).mode().equals(OutsideMode.RAW_COPY.id())) {
                Spread s = spread(group, figure);
                if (best == null || s.median() > best.median()) {
                    best = s;
                }
            }
        }
        return best;
    }

    private static Spread spread(List<ThroughputResult> runs, ToDoubleFunction<ThroughputResult> figure) {
        List<Double> values = new ArrayList<>();
        runs.forEach(r -> values.add(figure.applyAsDouble(r)));
        return Spread.of(values);
    }
}
