package io.regimestream.job.canary;

import io.regimestream.common.records.CanaryPlan;
import io.regimestream.job.health.FitCounts;
import io.regimestream.job.updates.AppliedModels;
import io.regimestream.job.updates.ModelIdentity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One task's canary as kept in its checkpoints (union list state {@code canary}, beside
 * {@code applied-models}): the job's report key, and, while a canary runs, what identifies the
 * candidate (never its bytes: a restored task reads them again, as it does the active model's), its
 * plan, the tally of the reports applied so far, and the counts the task has not reported yet.
 * Absent in savepoints of jobs before canaries: no canary, a new key.
 *
 * @param subtask         the task that wrote it
 * @param parallelism     the job's parallelism then
 * @param key             the job's canary report key ({@link CanarySeal})
 * @param candidate       the canary's model, or null when there is none (the fields below are then unset)
 * @param plan            how it is tried
 * @param tally           the sums of the reports this task applied
 * @param reportFrom      where the task's next report begins
 * @param candidateCounts the candidate's counts not yet reported
 * @param activeCounts    the active model's counts not yet reported
 */
public record CanaryState(
        int subtask,
        int parallelism,
        byte[] key,
        ModelIdentity candidate,
        CanaryPlan plan,
        CanaryTally tally,
        long reportFrom,
        FitCounts candidateCounts,
        FitCounts activeCounts) {

    private static final int FORMAT = 1;

    /**
     * The entry written beside {@code applied} (the {@link AppliedModels} entry the task restores), so the
     * canary fits the control-topic offsets the task follows from; null when there is none.
     */
    public static CanaryState choose(Iterable<CanaryState> restored, AppliedModels applied) {
        return AppliedModels.besideOf(applied, restored, CanaryState::subtask, CanaryState::parallelism);
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(subtask);
            out.writeInt(parallelism);
            out.write(key);
            ModelIdentity.write(out, candidate);
            if (candidate != null) {
                out.writeDouble(plan.share());
                out.writeLong(plan.promoteAfterMillis());
                out.writeLong(plan.minReadings());
                out.writeDouble(plan.maxShareIncrease());
                out.writeDouble(plan.maxPsiIncrease());
                tally.write(out);
                out.writeLong(reportFrom);
                candidateCounts.write(out);
                activeCounts.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return bytes.toByteArray();
    }

    public static CanaryState fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalStateException("canary state in format " + format + ", this job reads " + FORMAT);
            }
            int subtask = in.readInt();
            int parallelism = in.readInt();
            byte[] key = new byte[CanarySeal.KEY_BYTES];
            in.readFully(key);
            ModelIdentity candidate = ModelIdentity.read(in);
            if (candidate == null) {
                return new CanaryState(subtask, parallelism, key, null, null, null, 0, null, null);
            }
            CanaryPlan plan =
                    new CanaryPlan(in.readDouble(), in.readLong(), in.readLong(), in.readDouble(), in.readDouble());
            return new CanaryState(
                    subtask,
                    parallelism,
                    key,
                    candidate,
                    plan,
                    CanaryTally.read(in),
                    in.readLong(),
                    FitCounts.read(in),
                    FitCounts.read(in));
        } catch (IOException e) {
            throw new UncheckedIOException("the canary state in the checkpoint is unreadable", e);
        }
    }
}
