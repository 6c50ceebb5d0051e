package io.regimestream.job.updates;

import io.regimestream.model.ModelArtifact;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** The one binary form of a {@link ModelArtifact} in checkpoint state (active and shadow model alike). */
final class ArtifactBytes {

    private ArtifactBytes() {}

    /** A presence flag, then version, source, sha256 and the PMML bytes. */
    static void write(DataOutputStream out, ModelArtifact artifact) throws IOException {
        out.writeBoolean(artifact != null);
        if (artifact != null) {
            out.writeUTF(artifact.version());
            out.writeUTF(artifact.source());
            out.writeUTF(artifact.sha256());
            out.writeInt(artifact.pmml().length);
            out.write(artifact.pmml());
        }
    }

    /** What {@link #write} wrote; null for no artifact. */
    static ModelArtifact read(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String version = in.readUTF();
        String source = in.readUTF();
        String sha256 = in.readUTF();
        byte[] pmml = new byte[in.readInt()];
        in.readFully(pmml);
        return new ModelArtifact(version, source, sha256, pmml);
    }
}
