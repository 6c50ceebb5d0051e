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
 * What one task has applied from the control topic, as kept in its checkpoints: what identifies
 * the announced model it scores with (null: the {@code --model} it started with; never the model's
 * bytes, see {@link ModelIdentity}), the sequence of the last announcement it applied, and, per
 * control-topic partition, the offset after the last record it decided on (applied, unchanged or
 * rejected). A restored task reads that model again and follows the topic from those offsets, so
 * a record is decided once, and one the checkpoint had not yet seen is decided after the restore.
 *
 * @param subtask          the task that wrote it
 * @param parallelism      the job's parallelism then
 * @param followFromMillis announcements published from this time on are followed (the job's first start)
 * @param lastSequence     the sequence of the last announcement applied (0: none; announcements of older jobs had none)
 * @param active           the active announced model, or null
 * @param nextOffsets      control-topic partition -> next offset to read
 */
public record AppliedModels(
        int subtask,
        int parallelism,
        long followFromMillis,
        long lastSequence,
        ModelIdentity active,
        Map<Integer, Long> nextOffsets) {

    /**
     * 3: what identifies the model, and the last sequence. Formats 1 (before drift) and 2 (with the
     * drift baseline) held the model's bytes; they are still read, the model then kept whole
     * ({@link ModelIdentity.Embedded}) until another replaces it.
     */
    private static final int FORMAT = 3;

    private static final int FORMAT_WITH_BYTES = 2;
    private static final int FORMAT_WITH_BYTES_WITHOUT_BASELINE = 1;

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

    /**
     * Of the entries of another state ({@code restored}), the one the task that wrote {@code applied} wrote beside it,
     * so it fits the control-topic offsets the task follows from; null when {@code applied} is null or there is none.
     */
    public static <T> T besideOf(
            AppliedModels applied,
            Iterable<T> restored,
            java.util.function.ToIntFunction<T> subtask,
            java.util.function.ToIntFunction<T> parallelism) {
        if (applied == null) {
            return null;
        }
        for (T entry : restored) {
            if (subtask.applyAsInt(entry) == applied.subtask && parallelism.applyAsInt(entry) == applied.parallelism) {
                return entry;
            }
        }
        return null;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(subtask);
            out.writeInt(parallelism);
            out.writeLong(followFromMillis);
            out.writeLong(lastSequence);
            ModelIdentity.write(out, active);
            out.writeInt(nextOffsets.size());
            for (Map.Entry<Integer, Long> e : nextOffsets.entrySet()) {
                out.writeInt(e.getKey());
                out.writeLong(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return bytes.toByteArray();
    }

    public static AppliedModels fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readInt();
            if (format == FORMAT) {
                int subtask = in.readInt();
                int parallelism = in.readInt();
                long followFrom = in.readLong();
                long lastSequence = in.readLong();
                ModelIdentity active = ModelIdentity.read(in);
                return new AppliedModels(subtask, parallelism, followFrom, lastSequence, active, readOffsets(in));
            }
            if (format != FORMAT_WITH_BYTES && format != FORMAT_WITH_BYTES_WITHOUT_BASELINE) {
                throw new IllegalStateException("model state in format " + format + ", this job reads formats "
                        + FORMAT_WITH_BYTES_WITHOUT_BASELINE + " to " + FORMAT);
            }
            int subtask = in.readInt();
            int parallelism = in.readInt();
            long followFrom = in.readLong();
            ModelArtifact artifact = ArtifactBytes.read(in);
            Map<Integer, Long> offsets = readOffsets(in);
            if (format == FORMAT_WITH_BYTES && in.readBoolean() && artifact != null) {
                byte[] json = new byte[in.readInt()];
                in.readFully(json);
                artifact = new ModelArtifact(
                        artifact.version(),
                        artifact.source(),
                        artifact.sha256(),
                        artifact.pmml(),
                        Json.mapper().readValue(json, DriftBaseline.class),
                        null);
            }
            return new AppliedModels(
                    subtask,
                    parallelism,
                    followFrom,
                    0,
                    artifact == null ? null : ModelIdentity.embedded(artifact),
                    offsets);
        } catch (IOException e) {
            throw new UncheckedIOException("the model state in the checkpoint is unreadable", e);
        }
    }

    private static Map<Integer, Long> readOffsets(DataInputStream in) throws IOException {
        Map<Integer, Long> offsets = new TreeMap<>();
        int partitions = in.readInt();
        for (int i = 0; i < partitions; i++) {
            offsets.put(in.readInt(), in.readLong());
        }
        return offsets;
    }
}
