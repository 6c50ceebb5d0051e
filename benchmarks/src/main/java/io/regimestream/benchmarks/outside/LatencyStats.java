package io.regimestream.benchmarks.outside;

import io.regimestream.benchmarks.e2e.Latencies;
import java.util.Arrays;

/**
 * Percentiles of one run's latencies, in milliseconds (nearest rank: p99 is the smallest value that
 * at least 99 % of the records do not exceed). p99.9 of 150,000 records is the 150th largest.
 *
 * @param count how many records the figures are of; all figures -1 when none
 */
public record LatencyStats(int count, long p50, long p90, long p99, long p999, long max, double mean) {

    public static LatencyStats of(long[] millis) {
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        double mean = sorted.length == 0 ? -1 : Arrays.stream(sorted).average().orElse(-1);
        return new LatencyStats(
                sorted.length,
                Latencies.percentile(sorted, 0.50),
                Latencies.percentile(sorted, 0.90),
                Latencies.percentile(sorted, 0.99),
                Latencies.percentile(sorted, 0.999),
                sorted.length == 0 ? -1 : sorted[sorted.length - 1],
                mean);
    }
}
