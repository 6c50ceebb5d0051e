package io.regimestream.job.updates;

import io.regimestream.model.ModelArtifact;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One task's shadow model as kept in its checkpoints (union list state {@code shadow-models},
 * beside {@code applied-models}): what identifies it, its drift baseline included (a promotion
 * without a baseline of its own keeps it), never its bytes. A restored task reads it again and
 * scores beside the active model with it. Checkpoints of jobs before shadow models have no such
 * state: no shadow.
 *
 * @param subtask     the task that wrote it
 * @param parallelism the job's parallelism then
 * @param shadow      the shadow model, or null when the task had none
 */
public record ShadowModels(int subtask, int parallelism, ModelIdentity shadow) {

    /** 2: what identifies the model. Format 1 held the model's bytes (no baseline); still read. */
    private static final int FORMAT = 2;

    private static final int FORMAT_WITH_BYTES = 1;

    /**
     * The entry written beside {@code applied} (the {@link AppliedModels} entry the task restores):
     * the same task's, so the shadow fits the control-topic offsets the task follows from. Null when
     * there is none.
     */
    public static ShadowModels choose(Iterable<ShadowModels> restored, AppliedModels applied) {
        return AppliedModels.besideOf(applied, restored, ShadowModels::subtask, ShadowModels::parallelism);
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(subtask);
            out.writeInt(parallelism);
            ModelIdentity.write(out, shadow);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return bytes.toByteArray();
    }

    public static ShadowModels fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readInt();
            if (format != FORMAT && format != FORMAT_WITH_BYTES) {
                throw new IllegalStateException("shadow model state in format " + format + ", this job reads formats "
                        + FORMAT_WITH_BYTES + " and " + FORMAT);
            }
            int subtask = in.readInt();
            int parallelism = in.readInt();
            if (format == FORMAT) {
                return new ShadowModels(subtask, parallelism, ModelIdentity.read(in));
            }
            ModelArtifact artifact = ArtifactBytes.read(in);
            return new ShadowModels(subtask, parallelism, artifact == null ? null : ModelIdentity.embedded(artifact));
        } catch (IOException e) {
            throw new UncheckedIOException("the shadow model state in the checkpoint is unreadable", e);
        }
    }
}
