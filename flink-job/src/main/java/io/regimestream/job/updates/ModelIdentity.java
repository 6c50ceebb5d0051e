package io.regimestream.job.updates;

import io.regimestream.common.codec.Json;
import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.signing.AnnouncementSignature;
import io.regimestream.model.ModelArtifact;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Objects;

/**
 * What identifies a model a task applied from the control topic, as its checkpoints keep it: not
 * the model's bytes, which may be far larger than checkpoint storage holds, but where to read them
 * again ({@link Origin}) and the sha256 they must have, plus the announcement's sequence and
 * content digest and the drift baseline it carried.
 *
 * @param version            the announced version
 * @param sha256             the model's sha256
 * @param source             where it came from, for messages (the location, or {@code inline PMML of <version>})
 * @param sequence           the announcement's sequence (0: unknown, a model from an older checkpoint)
 * @param announcementDigest the announcement's content digest; null when unknown
 * @param origin             where the bytes are read again after a restore
 * @param baseline           the drift baseline the announcement carried; null if none
 */
public record ModelIdentity(
        String version,
        String sha256,
        String source,
        long sequence,
        String announcementDigest,
        Origin origin,
        DriftBaseline baseline) {

    /** Where a restored task reads a model's bytes again. */
    public sealed interface Origin {}

    /** The normalized location the job read (and checked against its allow-list) when the model was announced. */
    public record AtLocation(String uri) implements Origin {}

    /** The inline announcement itself, at this position of the control topic (kept there: the topic is not deleted). */
    public record OnControlTopic(int partition, long offset) implements Origin {}

    /**
     * The bytes themselves, as checkpoints of jobs before this format held them: a model restored from
     * such a checkpoint keeps them until another model replaces it (its announcement's position is not known).
     */
    public record Embedded(byte[] pmml) implements Origin {}

    public ModelIdentity {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(origin, "origin");
    }

    /** The identity of {@code artifact}, fetched for {@code announcement}, which was at {@code partition}@{@code offset}. */
    public static ModelIdentity of(ModelAnnouncement announcement, ModelArtifact artifact, int partition, long offset) {
        return new ModelIdentity(
                artifact.version(),
                artifact.sha256(),
                artifact.source(),
                announcement.sequence(),
                AnnouncementSignature.contentDigest(announcement),
                artifact.location() != null
                        ? new AtLocation(artifact.location())
                        : new OnControlTopic(partition, offset),
                artifact.baseline());
    }

    /** A model kept whole in a checkpoint of an older job. */
    static ModelIdentity embedded(ModelArtifact artifact) {
        return new ModelIdentity(
                artifact.version(),
                artifact.sha256(),
                artifact.source(),
                0,
                null,
                new Embedded(artifact.pmml()),
                artifact.baseline());
    }

    /** True when {@code announcement} names this model: the same version and sha256. */
    public boolean isSameModel(ModelAnnouncement announcement) {
        return version.equals(announcement.version()) && sha256.equalsIgnoreCase(announcement.sha256());
    }

    /**
     * True when {@code announcement} would change nothing about this model: the same version, sha256
     * and drift baseline (its sequence, time or location may differ).
     */
    public boolean isIdentical(ModelAnnouncement announcement) {
        return isSameModel(announcement) && Objects.equals(baseline, announcement.baseline());
    }

    /**
     * This model as {@code announcement} (of the same model) announces it again: its sequence and
     * digest, its drift baseline (this one's when it carries none); the bytes stay where they are.
     */
    public ModelIdentity announcedBy(ModelAnnouncement announcement) {
        return new ModelIdentity(
                version,
                sha256,
                source,
                announcement.sequence(),
                AnnouncementSignature.contentDigest(announcement),
                origin,
                announcement.baseline() != null ? announcement.baseline() : baseline);
    }

    /** This model measured for drift against {@code newBaseline} (null: none). */
    public ModelIdentity withBaseline(DriftBaseline newBaseline) {
        return new ModelIdentity(version, sha256, source, sequence, announcementDigest, origin, newBaseline);
    }

    // ---------------------------------------------------------------- checkpoint form

    private static final byte AT_LOCATION = 0;
    private static final byte ON_CONTROL_TOPIC = 1;
    private static final byte EMBEDDED = 2;

    /** A presence flag, then the fields; the bytes only for {@link Embedded}. */
    public static void write(DataOutputStream out, ModelIdentity identity) throws IOException {
        out.writeBoolean(identity != null);
        if (identity == null) {
            return;
        }
        out.writeUTF(identity.version);
        out.writeUTF(identity.sha256);
        out.writeUTF(identity.source);
        out.writeLong(identity.sequence);
        out.writeUTF(identity.announcementDigest == null ? "" : identity.announcementDigest);
        if (identity.origin instanceof AtLocation at) {
            out.writeByte(AT_LOCATION);
            out.writeUTF(at.uri());
        } else if (identity.origin instanceof OnControlTopic on) {
            out.writeByte(ON_CONTROL_TOPIC);
            out.writeInt(on.partition());
            out.writeLong(on.offset());
        } else {
            byte[] pmml = ((Embedded) identity.origin).pmml();
            out.writeByte(EMBEDDED);
            out.writeInt(pmml.length);
            out.write(pmml);
        }
        out.writeBoolean(identity.baseline != null);
        if (identity.baseline != null) {
            byte[] json = Json.mapper().writeValueAsBytes(identity.baseline);
            out.writeInt(json.length);
            out.write(json);
        }
    }

    /** What {@link #write} wrote; null for none. */
    public static ModelIdentity read(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String version = in.readUTF();
        String sha256 = in.readUTF();
        String source = in.readUTF();
        long sequence = in.readLong();
        String digest = in.readUTF();
        byte kind = in.readByte();
        Origin origin = switch (kind) {
            case AT_LOCATION -> new AtLocation(in.readUTF());
            case ON_CONTROL_TOPIC -> new OnControlTopic(in.readInt(), in.readLong());
            case EMBEDDED -> new Embedded(readBytes(in));
            default -> throw new IOException("unknown model origin " + kind);
        };
        DriftBaseline baseline = in.readBoolean() ? Json.mapper().readValue(readBytes(in), DriftBaseline.class) : null;
        return new ModelIdentity(version, sha256, source, sequence, digest.isEmpty() ? null : digest, origin, baseline);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "ModelIdentity[version=" + version + ", sha256=" + sha256 + ", sequence=" + sequence + ", origin="
                + (origin instanceof Embedded e ? "embedded " + e.pmml().length + " bytes" : origin)
                + (baseline == null ? "" : ", with drift baseline") + "]";
    }
}
