package io.regimestream.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * CPU time of the harness and of the broker, sampled on the wall clock. A run's figure is the
 * CPU spent between its first and last output append (interpolated between samples), the same
 * window its throughput is measured over: start-up and read-back are not in it.
 */
final class CpuTimeline {

    /**
     * @param wallMillis       epoch ms of the sample (the clock the broker stamps appends with)
     * @param harnessCpuNanos  CPU time of this JVM (all its threads: Flink, raw loops, GC, JIT)
     * @param brokerCpuNanos   CPU time of the broker process, -1 when unknown
     */
    record Sample(long wallMillis, long harnessCpuNanos, long brokerCpuNanos) {}

    private final List<Sample> samples = new ArrayList<>();

    synchronized void add(Sample sample) {
        samples.add(sample);
    }

    synchronized void clear() {
        samples.clear();
    }

    /** Harness CPU seconds in [from, to]; NaN when the samples do not cover the window. */
    synchronized double harnessSeconds(long fromMillis, long toMillis) {
        return between(fromMillis, toMillis, Sample::harnessCpuNanos);
    }

    /** Broker CPU seconds in [from, to]; NaN when unknown. */
    synchronized double brokerSeconds(long fromMillis, long toMillis) {
        if (samples.isEmpty() || samples.get(0).brokerCpuNanos() < 0) {
            return Double.NaN;
        }
        return between(fromMillis, toMillis, Sample::brokerCpuNanos);
    }

    private double between(long from, long to, ToLongFunction<Sample> value) {
        double start = at(from, value);
        double end = at(to, value);
        return Double.isNaN(start) || Double.isNaN(end) ? Double.NaN : (end - start) / 1e9;
    }

    /** The value at a wall time, linear between the two samples around it. */
    private double at(long millis, ToLongFunction<Sample> value) {
        if (samples.isEmpty()
                || millis < samples.get(0).wallMillis()
                || millis > samples.get(samples.size() - 1).wallMillis()) {
            return Double.NaN;
        }
        for (int i = 1; i < samples.size(); i++) {
            Sample a = samples.get(i - 1);
            Sample b = samples.get(i);
            if (millis <= b.wallMillis()) {
                long span = b.wallMillis() - a.wallMillis();
                double share = span == 0 ? 1.0 : (millis - a.wallMillis()) / (double) span;
                return value.applyAsLong(a) + share * (value.applyAsLong(b) - value.applyAsLong(a));
            }
        }
        return value.applyAsLong(samples.get(samples.size() - 1));
    }
}
