package io.regimestream.benchmarks.outside;

import java.util.List;
import java.util.Locale;

/** The run's medians as Markdown tables, as BENCHMARKS.md shows them. */
final class Report {

    private Report() {}

    static String throughputTable(List<ThroughputRow> rows) {
        StringBuilder out = new StringBuilder(
                "| mode | par. | records/s, second half: median [min-max] | whole run | x raw-copy (same p) | x best raw-copy"
                        + " | CPU-s/M process (task / fetcher / producer I/O / GC / JIT) | broker CPU-s/M | B alloc/record"
                        + " | CPU-bound ceiling |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ThroughputRow r : rows) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %,.0f [%,.0f-%,.0f] | %,.0f | %.2f | %.2f | %.2f (%.2f / %.2f / %.2f / %.2f / %.2f) | %.2f"
                            + " | %,.0f | %,.0f/s |%n",
                    r.mode(),
                    r.parallelism(),
                    r.steadyRecordsPerSecond().median(),
                    r.steadyRecordsPerSecond().min(),
                    r.steadyRecordsPerSecond().max(),
                    r.recordsPerSecond().median(),
                    r.steadyRatioToRawCopy(),
                    r.steadyRatioToBestRawCopy(),
                    r.steadyCpuSecondsPerMillion().median(),
                    r.steadyCpuByKind().getOrDefault(ThreadKind.TASK, Double.NaN),
                    r.steadyCpuByKind().getOrDefault(ThreadKind.SOURCE_FETCHER, Double.NaN),
                    r.steadyCpuByKind().getOrDefault(ThreadKind.PRODUCER_IO, Double.NaN),
                    r.steadyCpuByKind().getOrDefault(ThreadKind.GC, Double.NaN),
                    r.steadyCpuByKind().getOrDefault(ThreadKind.JIT, Double.NaN),
                    r.steadyBrokerCpuSecondsPerMillion().median(),
                    r.allocatedBytesPerRecord().median(),
                    r.ceilingOnCores()));
        }
        return out.toString();
    }

    static String latencyTable(List<LatencyRow> rows) {
        StringBuilder out = new StringBuilder(
                "| job | measured to | p50 | p99 | p99.9 | max (ms, medians [p99 range]) | job CPU-s/M |\n"
                        + "|---|---|---:|---:|---:|---:|---:|\n");
        for (LatencyRow r : rows) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.0f | %.0f [%.0f-%.0f] | %.0f | %.0f | %.2f |%n",
                    r.key(),
                    r.clock() == LatencySample.Clock.READER ? "reader (read_committed)" : "output append",
                    r.p50().median(),
                    r.p99().median(),
                    r.p99().min(),
                    r.p99().max(),
                    r.p999().median(),
                    r.max().median(),
                    r.jobCpuSecondsPerMillion().median()));
        }
        return out.toString();
    }
}
