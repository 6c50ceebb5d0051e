package io.regimestream.benchmarks.outside;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoublePredicate;

/**
 * Issue 23's targets against one run's medians: each met, missed, or not measured (its
 * configuration was not in the run). Throughput ratios take the job at its faster parallelism
 * against raw-copy at its faster one (the I/O limit); latencies are at the parallelism bin/job
 * picks on this machine.
 */
final class Targets {

    enum Status {
        MET,
        MISSED,
        NOT_MEASURED
    }

    record Target(String target, String measured, Status status) {}

    private Targets() {}

    static List<Target> of(List<ThroughputRow> throughput, List<LatencyRow> latency, int defaultParallelism) {
        List<Target> targets = new ArrayList<>();
        targets.add(ratio(
                throughput,
                OutsideMode.JOB_COMPACT,
                0.85,
                "compact, at-least-once, the faster parallelism: >= 0.85x raw-copy"));
        targets.add(ratio(throughput, OutsideMode.JOB_FULL, 0.70, "full record, at-least-once: >= 0.70x raw-copy"));
        targets.add(ratio(
                throughput, OutsideMode.JOB_COMPACT_EXACTLY_ONCE, 0.80, "exactly-once, compact: >= 0.80x raw-copy"));
        targets.add(latency(
                latency,
                "at-least-once",
                defaultParallelism,
                "5,000 readings/s from outside, at-least-once: p50 <= 8 ms, p99 <= 20 ms",
                r -> r.p50().median() <= 8 && r.p99().median() <= 20));
        targets.add(latency(
                latency,
                "exactly-once",
                defaultParallelism,
                "exactly-once, 100 ms checkpoints, read_committed by the reader's clock: p99 <= 120 ms",
                r -> r.p99().median() <= 120));
        targets.add(drift(throughput));
        return targets;
    }

    private static Optional<ThroughputRow> fastest(List<ThroughputRow> rows, OutsideMode mode) {
        return rows.stream()
                .filter(r -> r.mode().equals(mode.id()) && r.recordsPerSecond().runs() > 0)
                .max(Comparator.comparingDouble(r -> r.steadyRecordsPerSecond().median()));
    }

    private static Target ratio(List<ThroughputRow> rows, OutsideMode mode, double least, String target) {
        Optional<ThroughputRow> best = fastest(rows, mode);
        Optional<ThroughputRow> rawCopy = fastest(rows, OutsideMode.RAW_COPY);
        if (best.isEmpty() || rawCopy.isEmpty()) {
            return new Target(target, "not measured", Status.NOT_MEASURED);
        }
        ThroughputRow b = best.get();
        StringBuilder measured = new StringBuilder(String.format(
                Locale.ROOT,
                "**%.2fx**: p%d %,.0f/s against raw-copy's %,.0f/s (p%d), second halves; whole runs %.2fx",
                b.steadyRatioToBestRawCopy(),
                b.parallelism(),
                b.steadyRecordsPerSecond().median(),
                rawCopy.get().steadyRecordsPerSecond().median(),
                rawCopy.get().parallelism(),
                b.ratioToBestRawCopy()));
        rows.stream()
                .filter(r -> r.mode().equals(mode.id()) && r != b)
                .forEach(r -> measured.append(String.format(
                        Locale.ROOT,
                        "; p%d %,.0f/s = %.2fx",
                        r.parallelism(),
                        r.steadyRecordsPerSecond().median(),
                        r.steadyRatioToBestRawCopy())));
        return new Target(
                target, measured.toString(), b.steadyRatioToBestRawCopy() >= least ? Status.MET : Status.MISSED);
    }

    private static Target latency(
            List<LatencyRow> rows,
            String delivery,
            int parallelism,
            String target,
            java.util.function.Predicate<LatencyRow> met) {
        List<LatencyRow> of = rows.stream()
                .filter(r -> r.delivery().equals(delivery) && r.p99().runs() > 0)
                .toList();
        Optional<LatencyRow> at =
                of.stream().filter(r -> r.parallelism() == parallelism).findFirst();
        if (at.isEmpty()) {
            return new Target(
                    target, "not measured (at p" + parallelism + ", bin/job's default here)", Status.NOT_MEASURED);
        }
        StringBuilder measured = new StringBuilder(describe(at.get()) + " (bin/job's default here)");
        of.stream()
                .filter(r -> r != at.get())
                .forEach(r -> measured.append("; ").append(describe(r)));
        return new Target(target, measured.toString(), met.test(at.get()) ? Status.MET : Status.MISSED);
    }

    private static String describe(LatencyRow r) {
        return String.format(
                Locale.ROOT,
                "p%d: p50 %.0f / p99 %.0f / p99.9 %.0f / max %.0f ms",
                r.parallelism(),
                r.p50().median(),
                r.p99().median(),
                r.p999().median(),
                r.max().median());
    }

    private static Target drift(List<ThroughputRow> rows) {
        String target = "drift on vs off: <= 3 % throughput difference end to end";
        Optional<ThroughputRow> on = fastest(rows, OutsideMode.JOB_COMPACT);
        if (on.isEmpty()) {
            return new Target(target, "not measured", Status.NOT_MEASURED);
        }
        Optional<ThroughputRow> off = rows.stream()
                .filter(r -> r.mode().equals(OutsideMode.JOB_COMPACT_NO_DRIFT.id())
                        && r.parallelism() == on.get().parallelism())
                .findFirst();
        if (off.isEmpty()) {
            return new Target(target, "not measured", Status.NOT_MEASURED);
        }
        double cost = 1
                - on.get().steadyRecordsPerSecond().median()
                        / off.get().steadyRecordsPerSecond().median();
        double cpuCost = on.get().steadyCpuSecondsPerMillion().median()
                        / off.get().steadyCpuSecondsPerMillion().median()
                - 1;
        String measured = String.format(
                Locale.ROOT,
                "p%d: **%+.1f %%** records/s with drift on (%,.0f/s against %,.0f/s off, second halves); the job's CPU"
                        + " per record %+.1f %%",
                on.get().parallelism(),
                -100 * cost,
                on.get().steadyRecordsPerSecond().median(),
                off.get().steadyRecordsPerSecond().median(),
                100 * cpuCost);
        DoublePredicate within = c -> c <= 0.03;
        return new Target(target, measured, within.test(cost) ? Status.MET : Status.MISSED);
    }

    /** The table as Markdown, as BENCHMARKS.md shows it. */
    static String format(List<Target> targets) {
        StringBuilder out = new StringBuilder("| Target (issue 23) | Result (medians) | Met? |\n|---|---|---|\n");
        for (Target t : targets) {
            out.append("| ")
                    .append(t.target())
                    .append(" | ")
                    .append(t.measured())
                    .append(" | ")
                    .append(
                            switch (t.status()) {
                                case MET -> "yes";
                                case MISSED -> "**no**";
                                case NOT_MEASURED -> "not measured";
                            })
                    .append(" |\n");
        }
        return out.toString();
    }
}
