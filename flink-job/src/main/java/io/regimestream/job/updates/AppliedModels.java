package io.regimestream.job.updates;

import io.regimestream.common.codec.Json;
import io.regimestream.common.model.DriftBaseline;
import io.regimestream.model.ModelArtifact;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one task has applied from the control topic, as kept in its checkpoints: the announced
 * model it scores with (null: the {@code --model} it started with) and, per control-topic
 * partition, the offset after the last announcement it applied (activated or rejected). A restored
 * task scores with that model and follows the topic from those offsets, so an announcement is
 * applied once, and one the checkpoint had not yet seen applied is applied after the restore.
 *
 * @param subtask          the task that wrote it
 * @param parallelism      the job's parallelism then
 * @param followFromMillis announcements published from this time on are followed (the job's first start)
 * @param artifact         the active announced model, or null
 * @param nextOffsets      control-topic partition -> next offset to read
 */
public record AppliedModels(
        int subtask, int parallelism, long followFromMillis, ModelArtifact artifact, Map<Integer, Long> nextOffsets) {

    /** 2 appends the announced model's drift baseline; format 1 (savepoints before drift) is still read. */
    private static final int FORMAT = 2;

    private static final int FORMAT_WITHOUT_BASELINE = 1;

    /** How far the control topic has been applied, to pick the most advanced entry after a rescale. */
    long appliedCount() {
        return nextOffsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The entry a task restores: its own when the parallelism is unchanged (every task continues
     * exactly where it was), otherwise the most advanced one, so no task goes back to an older model.
     */
    public static AppliedModels choose(Iterable<AppliedModels> restored, int subtask, int parallelism) {
        AppliedModels best = null;
        for (AppliedModels entry : restored) {
            if (entry.parallelism == parallelism && entry.subtask == subtask) {
                return entry;
            }
            if (best == null
                    || entry.appliedCount() > best.appliedCount()
                    || (entry.appliedCount() == best.appliedCount() && entry.subtask < best.subtask)) {
                best = entry;
            }
        }
        return best;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + (artifact == null ? 0 : artifact.pmml().length));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(subtask);
            out.writeInt(parallelism);
            out.writeLong(followFromMillis);
            ArtifactBytes.write(out, artifact);
            out.writeInt(nextOffsets.size());
            for (Map.Entry<Integer, Long> e : nextOffsets.entrySet()) {
                out.writeInt(e.getKey());
                out.writeLong(e.getValue());
            }
            DriftBaseline baseline = artifact == null ? null : artifact.baseline();
            out.writeBoolean(baseline != null);
            if (baseline != null) {
                byte[] json = Json.mapper().writeValueAsBytes(baseline);
                out.writeInt(json.length);
                out.write(json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return bytes.toByteArray();
    }

    public static AppliedModels fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readInt();
            if (format != FORMAT && format != FORMAT_WITHOUT_BASELINE) {
                throw new IllegalStateException("model state in format " + format + ", this job reads formats "
                        + FORMAT_WITHOUT_BASELINE + " and " + FORMAT);
            }
            int subtask = in.readInt();
            int parallelism = in.readInt();
            long followFrom = in.readLong();
            ModelArtifact artifact = ArtifactBytes.read(in);
            Map<Integer, Long> offsets = new TreeMap<>();
            int partitions = in.readInt();
            for (int i = 0; i < partitions; i++) {
                offsets.put(in.readInt(), in.readLong());
            }
            if (format >= FORMAT && in.readBoolean() && artifact != null) {
                byte[] json = new byte[in.readInt()];
                in.readFully(json);
                artifact = new ModelArtifact(
                        artifact.version(),
                        artifact.source(),
                        artifact.sha256(),
                        artifact.pmml(),
                        Json.mapper().readValue(json, DriftBaseline.class));
            }
            return new AppliedModels(subtask, parallelism, followFrom, artifact, offsets);
        } catch (IOException e) {
            throw new UncheckedIOException("the model state in the checkpoint is unreadable", e);
        }
    }
}
