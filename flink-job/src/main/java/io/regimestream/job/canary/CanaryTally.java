package io.regimestream.job.canary;

import io.regimestream.common.records.CanaryFigures;
import io.regimestream.job.health.FitCounts;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sums of a canary's reports from every scoring task, as each task's follower counts them in the
 * control topic's order: the two sides' {@link FitCounts}, when the first report began, and up to when
 * each reporter ({@code task/tasks}) has reported. The same reports in the same order give every task
 * the same tally, and so the same decision ({@link CanaryRule}). Immutable: handed from the follower's
 * thread to the task's, and kept in checkpoints.
 *
 * <p>A report that overlaps what its reporter already reported (one written again after a restore,
 * with at-least-once delivery) is not counted. After a rescale the reporters are the new
 * {@code task/tasks}; the time covered is the furthest any parallelism's tasks all reported to.
 */
public final class CanaryTally {

    public static final CanaryTally EMPTY = new CanaryTally(-1, "", null, null, Map.of());

    private final long fromMillis;
    private final String activeVersion;
    private final FitCounts candidate;
    private final FitCounts active;
    private final Map<String, Long> reportedUntil;

    private CanaryTally(
            long fromMillis, String activeVersion, FitCounts candidate, FitCounts active, Map<String, Long> until) {
        this.fromMillis = fromMillis;
        this.activeVersion = activeVersion;
        this.candidate = candidate;
        this.active = active;
        this.reportedUntil = Collections.unmodifiableMap(new TreeMap<>(until));
    }

    /** True when {@code r} begins where its reporter's last counted report ended, or later. */
    public boolean counts(CanaryReport r) {
        Long until = reportedUntil.get(r.reporter());
        return until == null || r.fromMillis() >= until;
    }

    /** This tally with {@code r} counted (check {@link #counts} first). */
    public CanaryTally with(CanaryReport r) {
        Map<String, Long> until = new TreeMap<>(reportedUntil);
        until.put(r.reporter(), r.toMillis());
        return new CanaryTally(
                fromMillis < 0 ? r.fromMillis() : Math.min(fromMillis, r.fromMillis()),
                r.activeVersion(),
                candidate == null ? r.candidate() : candidate.plus(r.candidate()),
                active == null ? r.active() : active.plus(r.active()),
                until);
    }

    /** Up to when every task of some parallelism has reported; -1 before that. */
    public long coveredUntil() {
        Map<Integer, Long> covered = new TreeMap<>();
        Map<Integer, Integer> reporters = new TreeMap<>();
        for (Map.Entry<String, Long> e : reportedUntil.entrySet()) {
            int tasks = Integer.parseInt(e.getKey().substring(e.getKey().indexOf('/') + 1));
            covered.merge(tasks, e.getValue(), Math::min);
            reporters.merge(tasks, 1, Integer::sum);
        }
        long best = -1;
        for (Map.Entry<Integer, Long> e : covered.entrySet()) {
            if (reporters.get(e.getKey()).equals(e.getKey())) {
                best = Math.max(best, e.getValue());
            }
        }
        return best;
    }

    /** How long every task has reported on the canary, from its first report on. */
    public long heldMillis() {
        long covered = coveredUntil();
        return fromMillis < 0 || covered < 0 ? 0 : Math.max(0, covered - fromMillis);
    }

    /** The figures of the sums, for a decision and its status. */
    public CanaryFigures figures(String candidateVersion, double share) {
        return new CanaryFigures(
                candidateVersion,
                activeVersion,
                share,
                Math.max(fromMillis, 0),
                Math.max(coveredUntil(), 0),
                (candidate == null ? FitCounts.none(false) : candidate).side(),
                (active == null ? FitCounts.none(false) : active).side());
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeLong(fromMillis);
        out.writeUTF(activeVersion);
        out.writeBoolean(candidate != null);
        if (candidate != null) {
            candidate.write(out);
            active.write(out);
        }
        out.writeInt(reportedUntil.size());
        for (Map.Entry<String, Long> e : reportedUntil.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    public static CanaryTally read(DataInputStream in) throws IOException {
        long from = in.readLong();
        String activeVersion = in.readUTF();
        FitCounts candidate = null;
        FitCounts active = null;
        if (in.readBoolean()) {
            candidate = FitCounts.read(in);
            active = FitCounts.read(in);
        }
        Map<String, Long> until = new TreeMap<>();
        int reporters = in.readInt();
        for (int i = 0; i < reporters; i++) {
            until.put(in.readUTF(), in.readLong());
        }
        return new CanaryTally(from, activeVersion, candidate, active, until);
    }

    @Override
    public String toString() {
        return "CanaryTally[from " + fromMillis + ", candidate " + candidate + ", active " + active + ", reported "
                + reportedUntil + "]";
    }
}
