package io.regimestream.benchmarks.outside;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Where the slowest records' time went. For the records above a run's p99, and for all of them
 * as the base rate: the share whose way through the pipeline overlapped a stop of the job's JVM
 * (GC, safepoint) or a checkpoint, and the median time of each stage. A cause shows as a tail
 * share well above its base rate; a stage as the one that grows from all records to the tail.
 *
 * @param thresholdMillis the latency the tail is above (the run's p99)
 * @param tailRecords     records above it
 * @param overlaps        per kind of event ("jvmStop", "checkpoint"): share of the tail and of all records overlapping one
 * @param tailStages      median ms of each stage, tail records
 * @param allStages       median ms of each stage, all records
 */
public record TailAttribution(
        long thresholdMillis,
        int tailRecords,
        Map<String, Share> overlaps,
        Map<String, Double> tailStages,
        Map<String, Double> allStages) {

    /** Share of the tail and of all records whose [stamp, end] overlapped an event of one kind. */
    public record Share(double tail, double all, int events) {}

    /** Something that happened in the job from {@code fromMillis} to {@code toMillis}. */
    public record Event(long fromMillis, long toMillis) {}

    static TailAttribution of(
            List<LatencySample> samples, LatencySample.Clock clock, long threshold, Map<String, List<Event>> events) {
        List<LatencySample> tail =
                samples.stream().filter(s -> s.latency(clock) > threshold).toList();
        Map<String, Share> overlaps = new LinkedHashMap<>();
        for (Map.Entry<String, List<Event>> e : events.entrySet()) {
            Overlaps index = new Overlaps(e.getValue());
            overlaps.put(
                    e.getKey(),
                    new Share(
                            index.share(tail, clock),
                            index.share(samples, clock),
                            e.getValue().size()));
        }
        return new TailAttribution(threshold, tail.size(), overlaps, stages(tail), stages(samples));
    }

    /** Median ms of each stage that the samples carry. */
    static Map<String, Double> stages(List<LatencySample> samples) {
        Map<String, Double> stages = new LinkedHashMap<>();
        put(
                stages,
                "loaderToInputAppend",
                samples,
                s -> s.inputAppend() < 0 ? Long.MIN_VALUE : s.inputAppend() - s.stamp());
        put(
                stages,
                "inputAppendToScored",
                samples,
                s -> s.inputAppend() < 0 || s.processed() < 0 ? Long.MIN_VALUE : s.processed() - s.inputAppend());
        put(
                stages,
                "scoredToOutputAppend",
                samples,
                s -> s.processed() < 0 ? Long.MIN_VALUE : s.outputAppend() - s.processed());
        put(
                stages,
                "inputAppendToOutputAppend",
                samples,
                s -> s.inputAppend() < 0 ? Long.MIN_VALUE : s.outputAppend() - s.inputAppend());
        put(stages, "outputAppendToRead", samples, s -> s.read() - s.outputAppend());
        return stages;
    }

    private static void put(
            Map<String, Double> stages, String name, List<LatencySample> samples, ToLongFunction<LatencySample> stage) {
        long[] values = samples.stream()
                .mapToLong(stage)
                .filter(v -> v != Long.MIN_VALUE)
                .sorted()
                .toArray();
        if (values.length > 0) {
            stages.put(
                    name,
                    values.length % 2 == 1
                            ? values[values.length / 2]
                            : (values[values.length / 2 - 1] + values[values.length / 2]) / 2.0);
        }
    }

    /** Events sorted by start, for finding whether any overlaps an interval. */
    private static final class Overlaps {
        private final long[] starts;
        private final long[] ends;
        private final long longest;

        Overlaps(List<Event> events) {
            List<Event> sorted = new ArrayList<>(events);
            sorted.sort(Comparator.comparingLong(Event::fromMillis));
            starts = sorted.stream().mapToLong(Event::fromMillis).toArray();
            ends = sorted.stream().mapToLong(Event::toMillis).toArray();
            longest = sorted.stream()
                    .mapToLong(e -> e.toMillis() - e.fromMillis())
                    .max()
                    .orElse(0);
        }

        boolean any(long from, long to) {
            // the last event starting at or before `to`, then back while one could still reach `from`
            int lo = 0;
            int hi = starts.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (starts[mid] <= to) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (int i = lo - 1; i >= 0 && starts[i] >= from - longest; i--) {
                if (ends[i] >= from) {
                    return true;
                }
            }
            return false;
        }

        double share(List<LatencySample> samples, LatencySample.Clock clock) {
            if (samples.isEmpty()) {
                return Double.NaN;
            }
            long n = samples.stream().filter(s -> any(s.stamp(), s.end(clock))).count();
            return n / (double) samples.size();
        }
    }
}
