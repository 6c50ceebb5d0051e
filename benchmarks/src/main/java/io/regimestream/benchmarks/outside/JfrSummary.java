package io.regimestream.benchmarks.outside;

import io.regimestream.benchmarks.e2e.TopFrames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a JFR recording of the process under test ({@code -XX:StartFlightRecording}, settings=profile)
 * says about a window of its run: where the CPU went (execution samples by top frame, self time)
 * and what allocated the heap (allocation samples, weighted by the bytes each stands for, by the
 * allocating method and by class). Samples count work, not wall time, so this too holds up on a
 * busy machine.
 *
 * @param cpu                execution samples by top frame and by area
 * @param allocatedBytes     all sampled allocation in the window (the samples' weights: an estimate of the bytes)
 * @param allocationByMethod bytes allocated, by the method that allocated, most first
 * @param allocationByClass  bytes allocated, by class, most first
 */
record JfrSummary(TopFrames cpu, long allocatedBytes, List<Share> allocationByMethod, List<Share> allocationByClass) {

    static final int TOP = 30;

    /** @param percent of all sampled allocation in the window */
    record Share(String name, long bytes, double percent) {}

    /** The JVM option that records the process from start to exit. */
    static String option(Path recording) {
        return "-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true";
    }

    /** The events that started in [from, to]. */
    static JfrSummary of(Path recording, long fromMillis, long toMillis) throws IOException {
        List<String> frames = new ArrayList<>();
        Map<String, Long> byMethod = new HashMap<>();
        Map<String, Long> byClass = new HashMap<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            long start = event.getStartTime().toEpochMilli();
            if (start < fromMillis || start > toMillis) {
                continue;
            }
            String type = event.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                String top = topFrame(event.getStackTrace());
                if (top != null) {
                    frames.add(top);
                }
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long weight = event.getLong("weight");
                String top = topFrame(event.getStackTrace());
                byMethod.merge(top == null ? "(no stack)" : top, weight, Long::sum);
                byClass.merge(event.getClass("objectClass").getName(), weight, Long::sum);
            }
        }
        long total = byClass.values().stream().mapToLong(Long::longValue).sum();
        return new JfrSummary(TopFrames.of(frames, TOP), total, shares(byMethod, total), shares(byClass, total));
    }

    private static String topFrame(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return null;
        }
        RecordedFrame top = stack.getFrames().get(0);
        return top.getMethod().getType().getName() + "." + top.getMethod().getName();
    }

    private static List<Share> shares(Map<String, Long> bytes, long total) {
        return bytes.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .map(e -> new Share(e.getKey(), e.getValue(), 100.0 * e.getValue() / Math.max(1, total)))
                .toList();
    }

    /** Writes the summary as text next to the recording ({@code <name>-summary.txt}); returns its path. */
    Path write(Path recording, String title, long records) throws IOException {
        StringBuilder out = new StringBuilder(cpu.format(title)).append('\n');
        out.append(String.format(
                Locale.ROOT,
                "Allocation (jdk.ObjectAllocationSample weights): %,d bytes in the window%s%n",
                allocatedBytes,
                records > 0
                        ? String.format(Locale.ROOT, ", ~%,.0f per record", allocatedBytes / (double) records)
                        : ""));
        append(out, "By allocating method:", allocationByMethod);
        append(out, "By class:", allocationByClass);
        Path file = recording.resolveSibling(
                recording.getFileName().toString().replaceFirst("\\.jfr$", "") + "-summary.txt");
        Files.writeString(file, out.toString());
        return file;
    }

    private static void append(StringBuilder out, String heading, List<Share> shares) {
        out.append('\n').append(heading).append('\n');
        for (Share s : shares) {
            out.append(String.format(Locale.ROOT, "%,16d %6.1f%%  %s%n", s.bytes(), s.percent(), s.name()));
        }
    }
}
