package io.regimestream.benchmarks.e2e;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Percentiles of measured latencies. */
public final class Latencies {

    private Latencies() {}

    static Map<String, Object> summary(int rate, long warmUpSeconds, int seconds, long sent, long[] latencies) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ratePerSecond", rate);
        result.put("warmUpSeconds", warmUpSeconds);
        result.put("seconds", seconds);
        result.put("sent", sent);
        result.put("received", sorted.length);
        result.put("p50Ms", percentile(sorted, 0.50));
        result.put("p95Ms", percentile(sorted, 0.95));
        result.put("p99Ms", percentile(sorted, 0.99));
        result.put("maxMs", sorted.length == 0 ? -1 : sorted[sorted.length - 1]);
        return result;
    }

    /** The nearest-rank percentile of sorted values; -1 when there are none. */
    public static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))];
    }
}
