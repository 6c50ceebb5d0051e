package io.regimestream.model;

import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.records.ModelAnnouncement;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The bytes of an announced model whose sha256 matched, with the version it was announced as.
 * Each scoring task fetches it from the announcement itself and keeps it in its checkpoints, so a
 * recovered job scores with the same model without reading the location again.
 *
 * @param version the announced version, carried by every prediction of this model
 * @param source  where it came from (the location, or {@code inline PMML of <version>}), for messages
 * @param sha256  hex sha256 of {@code pmml}
 * @param pmml    the PMML document
 * @param baseline the training distribution and regimes the announcement carried, for drift; null if none
 */
public record ModelArtifact(String version, String source, String sha256, byte[] pmml, DriftBaseline baseline) {

    /** An artifact without a drift baseline. */
    public ModelArtifact(String version, String source, String sha256, byte[] pmml) {
        this(version, source, sha256, pmml, null);
    }

    /**
     * Admits the announcement under {@code policy} (valid fields, trusted signature, allowed
     * location: see {@link AnnouncementPolicy}), reads the model (inline, or from the normalized
     * location, at most {@link ModelFiles#MAX_MODEL_BYTES}) and checks its sha256.
     *
     * @throws ModelException naming the source and what is wrong; never quoting a computed checksum
     */
    public static ModelArtifact fetch(ModelAnnouncement announcement, AnnouncementPolicy policy) {
        Optional<ModelLocation> location = policy.admit(announcement, System.currentTimeMillis());
        byte[] pmml = location.isEmpty()
                ? announcement.pmml().getBytes(StandardCharsets.UTF_8)
                : ModelFiles.readModel(location.get());
        String sha256 = RegimeModel.sha256(pmml);
        if (!sha256.equalsIgnoreCase(announcement.sha256())) {
            // The computed sha256 is not shown: it would tell whoever announced what any readable file hashes to.
            throw new ModelException(
                    announcement.source(),
                    "does not have the sha256 announced for version " + announcement.version()
                            + ": the file changed or is not the one announced (announce it again with its sha256)");
        }
        return new ModelArtifact(announcement.version(), announcement.source(), sha256, pmml, announcement.baseline());
    }

    /**
     * As {@link #fetch(ModelAnnouncement, AnnouncementPolicy)}, but when {@code held} (a model this task
     * already verified, e.g. its shadow) has the announced version and sha256, the announcement is
     * only admitted under {@code policy} and {@code held} is returned: nothing is read again. This is
     * how a shadow model is promoted by an active announcement of its version.
     *
     * @param held a verified artifact, or null
     */
    public static ModelArtifact fetch(ModelAnnouncement announcement, AnnouncementPolicy policy, ModelArtifact held) {
        if (held != null
                && held.version().equals(announcement.version())
                && held.sha256().equalsIgnoreCase(announcement.sha256())) {
            policy.admit(announcement, System.currentTimeMillis());
            return held;
        }
        return fetch(announcement, policy);
    }

    @Override
    public String toString() {
        return "ModelArtifact[version=" + version + ", source=" + source + ", sha256=" + sha256 + ", " + pmml.length
                + " bytes" + (baseline == null ? "" : ", with drift baseline") + "]";
    }
}
