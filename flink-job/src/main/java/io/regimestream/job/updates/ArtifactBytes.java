package io.regimestream.job.updates;

import io.regimestream.model.ModelArtifact;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * The binary form of a whole model (its bytes included) in the checkpoints of jobs before issue 20
 * ({@link AppliedModels} formats 1 and 2, {@link ShadowModels} format 1): read only, so such a
 * checkpoint or savepoint still restores. Today's checkpoints hold a {@link ModelIdentity}.
 */
final class ArtifactBytes {

    private ArtifactBytes() {}

    /** A presence flag, then version, source, sha256 and the PMML bytes; null for no artifact. */
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
