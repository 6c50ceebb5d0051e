package io.regimestream.benchmarks.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Execution samples counted by method, most first: each method's share of the samples is its
 * share of the CPU time the profiled threads spent in their own code (self time). The same
 * samples by area (our code, Flink, Kafka clients, Jackson, JPMML, the JDK) say at a glance
 * whether the framework or the work takes the time.
 */
public record TopFrames(int samples, List<Entry> entries, List<Entry> areas) {

    public record Entry(String method, int samples, double percent) {}

    /** Package prefixes of each area, first match wins; everything else is "other". */
    private static final Map<String, List<String>> AREAS = areaPrefixes();

    private static Map<String, List<String>> areaPrefixes() {
        Map<String, List<String>> areas = new LinkedHashMap<>();
        areas.put("regime-stream", List.of("io.regimestream."));
        areas.put("Flink", List.of("org.apache.flink."));
        areas.put("Kafka clients", List.of("org.apache.kafka."));
        areas.put("Jackson", List.of("com.fasterxml.jackson."));
        areas.put("JPMML", List.of("org.jpmml.", "org.dmg."));
        areas.put("JDK", List.of("java.", "javax.", "jdk.", "sun.", "com.sun."));
        return areas;
    }

    public static TopFrames of(List<String> topFrames, int limit) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Integer> byArea = new LinkedHashMap<>();
        for (String frame : topFrames) {
            counts.merge(frame, 1, Integer::sum);
            byArea.merge(area(frame), 1, Integer::sum);
        }
        return new TopFrames(
                topFrames.size(),
                sorted(counts, limit, topFrames.size()),
                sorted(byArea, byArea.size(), topFrames.size()));
    }

    static String area(String method) {
        for (Map.Entry<String, List<String>> area : AREAS.entrySet()) {
            if (area.getValue().stream().anyMatch(method::startsWith)) {
                return area.getKey();
            }
        }
        return "other";
    }

    private static List<Entry> sorted(Map<String, Integer> counts, int limit, int total) {
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        // most samples first; equal counts by name, so the summary is the same for the same samples
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Integer> e : sorted.subList(0, Math.min(limit, sorted.size()))) {
            entries.add(new Entry(e.getKey(), e.getValue(), 100.0 * e.getValue() / total));
        }
        return entries;
    }

    public String format(String title) {
        StringBuilder out = new StringBuilder(title)
                .append('\n')
                .append(String.format(Locale.ROOT, "%d execution samples%n%nBy area:%n", samples));
        append(out, areas, "area");
        out.append(String.format(Locale.ROOT, "%nBy method (top %d):%n", entries.size()));
        append(out, entries, "method");
        return out.toString();
    }

    private static void append(StringBuilder out, List<Entry> entries, String what) {
        out.append(String.format(Locale.ROOT, "%8s %8s  %s%n", "samples", "share", what));
        for (Entry e : entries) {
            out.append(String.format(Locale.ROOT, "%8d %7.1f%%  %s%n", e.samples(), e.percent(), e.method()));
        }
    }
}
