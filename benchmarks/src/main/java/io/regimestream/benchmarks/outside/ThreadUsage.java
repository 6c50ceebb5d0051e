package io.regimestream.benchmarks.outside;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each kind of thread of one process did in a window, per record: CPU-seconds per million
 * records and context switches per thousand. The window is cut at the first sample at or after its
 * start and the last at or before its end, and the records counted between exactly those two
 * samples, so start-up and drain stay out.
 *
 * @param fromMillis       the first sample's time
 * @param toMillis         the last sample's time
 * @param records          records in [fromMillis, toMillis]
 * @param processCpuSeconds the process's CPU time in the window (every thread, ended ones too)
 * @param kinds            per kind of thread: threads, CPU and switches per record
 */
public record ThreadUsage(
        long fromMillis, long toMillis, long records, double processCpuSeconds, Map<ThreadKind, Kind> kinds) {

    /**
     * @param threads                       threads of this kind seen in the window
     * @param cpuSecondsPerMillion          their CPU-seconds per million records
     * @param voluntarySwitchesPer1000      times they went to sleep (waited for work, I/O, a lock) per 1,000 records
     * @param involuntarySwitchesPer1000    times a core was taken from them per 1,000 records
     * @param coreShare                     their CPU time over the window's wall time (1.0 = one core all along)
     */
    public record Kind(
            int threads,
            double cpuSecondsPerMillion,
            double voluntarySwitchesPer1000,
            double involuntarySwitchesPer1000,
            double coreShare) {}

    /** Records counted in a window of wall time. */
    public interface RecordCount {
        long between(long fromMillis, long toMillis);
    }

    /** Null when fewer than two samples fall in [from, to] or no record does. */
    static ThreadUsage of(
            List<ThreadSampler.Snapshot> samples,
            long from,
            long to,
            RecordCount records,
            Map<Integer, String> javaNames) {
        List<ThreadSampler.Snapshot> in = samples.stream()
                .filter(s -> s.wallMillis() >= from && s.wallMillis() <= to)
                .toList();
        if (in.size() < 2) {
            return null;
        }
        ThreadSampler.Snapshot first = in.get(0);
        ThreadSampler.Snapshot last = in.get(in.size() - 1);
        long n = records.between(first.wallMillis(), last.wallMillis());
        if (n <= 0) {
            return null;
        }
        // each thread as last seen: one that ended within the window keeps what it did until then
        Map<Integer, ProcThreads.ThreadStat> lastSeen = new HashMap<>();
        in.forEach(s -> lastSeen.putAll(s.threads()));
        double wallSeconds = (last.wallMillis() - first.wallMillis()) / 1000.0;
        Map<ThreadKind, long[]> sums = new EnumMap<>(ThreadKind.class); // threads, ticks, voluntary, involuntary
        for (ProcThreads.ThreadStat end : lastSeen.values()) {
            ProcThreads.ThreadStat start = first.threads().get(end.tid());
            String name = javaNames.getOrDefault(end.tid(), end.comm());
            long[] sum = sums.computeIfAbsent(ThreadKind.of(name), k -> new long[4]);
            sum[0]++;
            sum[1] += end.cpuTicks() - (start == null ? 0 : start.cpuTicks());
            sum[2] += end.voluntarySwitches() - (start == null ? 0 : start.voluntarySwitches());
            sum[3] += end.involuntarySwitches() - (start == null ? 0 : start.involuntarySwitches());
        }
        Map<ThreadKind, Kind> kinds = new LinkedHashMap<>();
        for (ThreadKind kind : ThreadKind.values()) {
            long[] sum = sums.get(kind);
            if (sum != null) {
                double cpuSeconds = ProcThreads.ticksToNanos(sum[1]) / 1e9;
                kinds.put(
                        kind,
                        new Kind(
                                (int) sum[0],
                                cpuSeconds * 1e6 / n,
                                sum[2] * 1000.0 / n,
                                sum[3] * 1000.0 / n,
                                cpuSeconds / wallSeconds));
            }
        }
        return new ThreadUsage(
                first.wallMillis(),
                last.wallMillis(),
                n,
                (last.processCpuNanos() - first.processCpuNanos()) / 1e9,
                kinds);
    }

    /** The whole process's CPU-seconds per million records. */
    public double cpuSecondsPerMillion() {
        return processCpuSeconds * 1e6 / records;
    }

    /** CPU-seconds per million records of one kind; 0 when the process has no such thread. */
    public double cpuSecondsPerMillion(ThreadKind kind) {
        Kind k = kinds.get(kind);
        return k == null ? 0 : k.cpuSecondsPerMillion();
    }
}
