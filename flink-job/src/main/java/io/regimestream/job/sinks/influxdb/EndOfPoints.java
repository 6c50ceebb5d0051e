package io.regimestream.job.sinks.influxdb;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the tasks that write points into the Kafka topic tell {@link InfluxDbFromKafka} that they
 * are done, so that the writer of a bounded run (a replay, {@code flink stop --drain}) ends once
 * every point is in InfluxDB instead of reading forever: each writing task, when its input ends,
 * appends a comment line {@code # end of points: run=<run> task=<i>/<n>} to the topic after its
 * last point (same producer, same partition, so in order). The writer ends when it has seen the
 * markers of all {@code n} tasks of its own run and InfluxDB confirmed everything before them.
 * Markers of other runs (an earlier job on the same topic) are ignored. Until the end, the first
 * marker of the run stays "unconfirmed", so a restored writer reads the markers again.
 * Used by the reader's thread only.
 */
public final class EndOfPoints {

    private static final Pattern MARKER = Pattern.compile("# end of points: run=(\\S+) task=(\\d+)/(\\d+)");

    private final String run;
    private final BitSet tasksEnded = new BitSet();
    private final Map<Integer, Long> firstMarkerOffsets = new HashMap<>();
    private int tasks;

    /** @param run the run whose markers count (the job's own, the same for the writing tasks and the writer) */
    EndOfPoints(String run) {
        this.run = run;
    }

    /** The marker task {@code task} of {@code tasks} of run {@code run} writes after its last point. */
    public static String marker(String run, int task, int tasks) {
        if (run.isBlank() || run.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a run id has no white space: '" + run + "'");
        }
        return "# end of points: run=" + run + " task=" + task + "/" + tasks;
    }

    /** Takes note of a comment line read from the topic: a marker of this run counts, anything else is ignored. */
    void seen(KafkaPoint comment) {
        Matcher marker = MARKER.matcher(comment.line().strip());
        if (!marker.matches() || !marker.group(1).equals(run)) {
            return;
        }
        tasks = Integer.parseInt(marker.group(3));
        tasksEnded.set(Integer.parseInt(marker.group(2)));
        firstMarkerOffsets.putIfAbsent(comment.partition(), comment.offset());
    }

    /** True once every writing task of this run has ended. */
    boolean reached() {
        return tasks > 0 && tasksEnded.cardinality() >= tasks;
    }

    /** The offset of this run's first marker in {@code partition}, where a restored writer must read again from. */
    OptionalLong firstMarker(int partition) {
        Long offset = firstMarkerOffsets.get(partition);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }
}
