package io.regimestream.benchmarks.outside;

import io.regimestream.benchmarks.e2e.Spread;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** One latency configuration over its runs: the median (and range) of each run's percentiles, in ms. */
record LatencyRow(
        String key,
        String delivery,
        int parallelism,
        Long checkpointIntervalMs,
        LatencySample.Clock clock,
        Spread p50,
        Spread p99,
        Spread p999,
        Spread max,
        Spread jobCpuSecondsPerMillion) {

    static List<LatencyRow> of(List<LatencyResult> runs) {
        Map<String, List<LatencyResult>> byKey = new LinkedHashMap<>();
        runs.forEach(r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
        List<LatencyRow> rows = new ArrayList<>();
        for (List<LatencyResult> group : byKey.values()) {
            LatencyResult first = group.get(0);
            rows.add(new LatencyRow(
                    first.key(),
                    first.delivery(),
                    first.parallelism(),
                    first.checkpointIntervalMs(),
                    first.clock(),
                    spread(group, r -> r.latency().p50()),
                    spread(group, r -> r.latency().p99()),
                    spread(group, r -> r.latency().p999()),
                    spread(group, r -> r.latency().max()),
                    spread(
                            group,
                            r -> r.threads() == null ? Double.NaN : r.threads().cpuSecondsPerMillion())));
        }
        return rows;
    }

    private static Spread spread(List<LatencyResult> runs, ToDoubleFunction<LatencyResult> figure) {
        List<Double> values = new ArrayList<>();
        runs.forEach(r -> {
            double v = figure.applyAsDouble(r);
            values.add(v < 0 ? Double.NaN : v); // -1: no records
        });
        return Spread.of(values);
    }
}
