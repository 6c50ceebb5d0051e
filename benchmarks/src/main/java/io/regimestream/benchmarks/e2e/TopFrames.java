package io.regimestream.benchmarks.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Execution samples counted by method, most first: each method's share of the samples is its
 * share of the CPU time the profiled threads spent in their own code (self time).
 */
record TopFrames(int samples, List<Entry> entries) {

    record Entry(String method, int samples, double percent) {
    }

    static TopFrames of(List<String> topFrames, int limit) {
        Map<String, Integer> counts = new HashMap<>();
        for (String frame : topFrames) {
            counts.merge(frame, 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        // most samples first; equal counts by name, so the summary is the same for the same samples
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Integer> e : sorted.subList(0, Math.min(limit, sorted.size()))) {
            entries.add(new Entry(e.getKey(), e.getValue(), 100.0 * e.getValue() / topFrames.size()));
        }
        return new TopFrames(topFrames.size(), entries);
    }

    String format(String title) {
        StringBuilder out = new StringBuilder(title).append('\n')
                .append(String.format(Locale.ROOT, "%d execution samples%n%8s %8s  %s%n", samples, "samples", "share", "method"));
        for (Entry e : entries) {
            out.append(String.format(Locale.ROOT, "%8d %7.1f%%  %s%n", e.samples(), e.percent(), e.method()));
        }
        return out.toString();
    }
}
