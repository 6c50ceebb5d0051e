package io.regimestream.benchmarks.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The medians and ranges of the repeated runs per configuration, and the ratios of medians that
 * answer the question: job / raw-copy (what Flink costs against the I/O limit) and job / raw-job
 * (what Flink costs against the same work without a framework), at the same parallelism and
 * machine count.
 */
final class ThroughputSummary {

    /**
     * @param ratioToRawCopy median rate / raw-copy's median rate (same parallelism and machines, else same parallelism)
     * @param ratioToRawJob  median rate / raw-job's median rate (same parallelism and machines)
     * @param ratioToFewestMachines median rate / the same mode's median rate at the same parallelism on the input with the
     *                              fewest machines (how the figure holds up with many machines; 1 for that input itself)
     */
    record Row(
            String mode,
            int parallelism,
            int machines,
            Spread recordsPerSecond,
            Spread harnessCpuSecondsPerMillion,
            Spread brokerCpuSecondsPerMillion,
            Spread outputBytesPerRecord,
            double ratioToRawCopy,
            double ratioToRawJob,
            double ratioToFewestMachines) {}

    private ThroughputSummary() {}

    static List<Row> of(List<ThroughputRun> runs) {
        Map<String, List<ThroughputRun>> byConfig = new LinkedHashMap<>();
        for (ThroughputRun run : runs) {
            byConfig.computeIfAbsent(run.key(), k -> new ArrayList<>()).add(run);
        }
        int fewest = runs.stream().mapToInt(ThroughputRun::machines).min().orElse(0);
        List<Row> rows = new ArrayList<>();
        for (List<ThroughputRun> group : byConfig.values()) {
            ThroughputRun first = group.get(0);
            Spread rate = spread(group, ThroughputRun::recordsPerSecond);
            Spread rawCopy = reference(byConfig, Mode.RAW_COPY, first.parallelism(), first.machines(), true);
            Spread rawJob = reference(byConfig, Mode.RAW_JOB, first.parallelism(), first.machines(), false);
            List<ThroughputRun> fewestMachines =
                    byConfig.get(ThroughputRun.key(first.mode(), first.parallelism(), fewest));
            rows.add(new Row(
                    first.mode(),
                    first.parallelism(),
                    first.machines(),
                    rate,
                    spread(group, ThroughputRun::harnessCpuSecondsPerMillion),
                    spread(group, ThroughputRun::brokerCpuSecondsPerMillion),
                    spread(group, ThroughputRun::outputBytesPerRecord),
                    Spread.ratioOfMedians(rate, rawCopy),
                    Spread.ratioOfMedians(rate, rawJob),
                    fewestMachines == null
                            ? Double.NaN
                            : Spread.ratioOfMedians(rate, spread(fewestMachines, ThroughputRun::recordsPerSecond))));
        }
        return rows;
    }

    private static Spread reference(
            Map<String, List<ThroughputRun>> byConfig, Mode mode, int parallelism, int machines, boolean anyMachines) {
        List<ThroughputRun> same = byConfig.get(ThroughputRun.key(mode.id(), parallelism, machines));
        if (same == null && anyMachines) {
            same = byConfig.values().stream()
                    .filter(g -> g.get(0).mode().equals(mode.id()) && g.get(0).parallelism() == parallelism)
                    .findFirst()
                    .orElse(null);
        }
        return same == null ? null : spread(same, ThroughputRun::recordsPerSecond);
    }

    private static Spread spread(List<ThroughputRun> runs, java.util.function.ToDoubleFunction<ThroughputRun> figure) {
        List<Double> values = new ArrayList<>();
        runs.forEach(r -> values.add(figure.applyAsDouble(r)));
        return Spread.of(values);
    }
}
