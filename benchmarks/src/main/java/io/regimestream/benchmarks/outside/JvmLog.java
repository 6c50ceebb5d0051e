package io.regimestream.benchmarks.outside;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A measured JVM's own log of its stops, written with {@link #OPTIONS}
 * ({@code -Xlog:gc,safepoint:file=...:utctime}): every garbage collection with the heap before and
 * after, and every safepoint (a GC, a deoptimization, a thread dump: the moments no Java thread
 * runs) with how long it stopped the threads. How many there are per record, and how much the
 * heap filled between them, does not depend on the machine's load; how long each lasted does.
 *
 * @param gcs        every collection, in log order
 * @param safepoints every stop of the Java threads, in log order
 */
record JvmLog(List<Gc> gcs, List<Safepoint> safepoints) {

    /** The JVM options that write the log this reads. */
    static String options(Path file) {
        return "-Xlog:gc,safepoint:file=" + file + ":utctime";
    }

    /**
     * @param endMillis epoch ms the line was written (the pause's end)
     * @param kind      e.g. "Pause Young (Normal) (G1 Evacuation Pause)"
     */
    record Gc(long endMillis, String kind, long heapBeforeMb, long heapAfterMb, double pauseMillis) {}

    /** @param totalMillis reaching the safepoint plus the time at it: how long Java threads stood still */
    record Safepoint(long endMillis, String operation, double totalMillis) {

        long startMillis() {
            return endMillis - Math.round(Math.ceil(totalMillis));
        }
    }

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final Pattern GC =
            Pattern.compile("^\\[([^]]+)] GC\\(\\d+\\) (Pause .*?) (\\d+)M->(\\d+)M\\(\\d+M\\) ([0-9.]+)ms$");
    private static final Pattern SAFEPOINT =
            Pattern.compile("^\\[([^]]+)] Safepoint \"([^\"]*)\", .*Total: (\\d+) ns$");

    static JvmLog read(Path file) throws IOException {
        return Files.exists(file) ? parse(Files.readAllLines(file, StandardCharsets.UTF_8)) : parse(List.of());
    }

    static JvmLog parse(List<String> lines) {
        List<Gc> gcs = new ArrayList<>();
        List<Safepoint> safepoints = new ArrayList<>();
        for (String line : lines) {
            Matcher gc = GC.matcher(line.strip());
            if (gc.matches()) {
                gcs.add(new Gc(
                        millis(gc.group(1)),
                        gc.group(2),
                        Long.parseLong(gc.group(3)),
                        Long.parseLong(gc.group(4)),
                        Double.parseDouble(gc.group(5))));
                continue;
            }
            Matcher sp = SAFEPOINT.matcher(line.strip());
            if (sp.matches()) {
                safepoints.add(new Safepoint(millis(sp.group(1)), sp.group(2), Long.parseLong(sp.group(3)) / 1e6));
            }
        }
        return new JvmLog(gcs, safepoints);
    }

    private static long millis(String utcTime) {
        return OffsetDateTime.parse(utcTime, UTC_TIME).toInstant().toEpochMilli();
    }

    /** The collections and safepoints that ended in [from, to]. */
    Window window(long from, long to) {
        return new Window(
                gcs.stream()
                        .filter(g -> g.endMillis() >= from && g.endMillis() <= to)
                        .toList(),
                safepoints.stream()
                        .filter(s -> s.endMillis() >= from && s.endMillis() <= to)
                        .toList());
    }

    record Window(List<Gc> gcs, List<Safepoint> safepoints) {

        double totalStoppedMillis() {
            return safepoints.stream().mapToDouble(Safepoint::totalMillis).sum();
        }

        double longestStopMillis() {
            return safepoints.stream().mapToDouble(Safepoint::totalMillis).max().orElse(0);
        }

        /**
         * What the JVM allocated from the window's first collection to its last: the heap each
         * collection found filled since the one before (to 1 MB per collection); null with fewer than two.
         */
        Allocation allocation() {
            if (gcs.size() < 2) {
                return null;
            }
            long mb = 0;
            for (int i = 1; i < gcs.size(); i++) {
                mb += Math.max(0, gcs.get(i).heapBeforeMb() - gcs.get(i - 1).heapAfterMb());
            }
            return new Allocation(
                    gcs.get(0).endMillis(), gcs.get(gcs.size() - 1).endMillis(), mb);
        }
    }

    /** {@code megabytes} allocated between two collections' ends. */
    record Allocation(long fromMillis, long toMillis, long megabytes) {

        /** Bytes allocated per record that passed between the two collections; NaN without an allocation. */
        static double bytesPerRecord(Allocation allocation, ThreadUsage.RecordCount records) {
            return allocation == null
                    ? Double.NaN
                    : allocation.megabytes()
                            * 1024.0
                            * 1024.0
                            / Math.max(1, records.between(allocation.fromMillis(), allocation.toMillis()));
        }
    }
}
