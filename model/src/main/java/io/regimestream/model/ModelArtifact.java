package io.regimestream.model;

import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.records.ModelAnnouncement;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The bytes of an announced model whose sha256 matched, with what it was announced as. Each
 * scoring task fetches it from the announcement itself; its checkpoints keep what identifies it
 * (everything but the bytes), and a restored task reads the bytes again and checks the sha256
 * ({@link #verified}).
 *
 * @param version  the announced version, carried by every prediction of this model
 * @param source   where it came from (the location, or {@code inline PMML of <version>}), for messages
 * @param sha256   hex sha256 of {@code pmml}
 * @param pmml     the PMML document
 * @param baseline the training distribution and regimes the announcement carried, for drift; null if none
 * @param location the normalized location the bytes were read from ({@link ModelLocation}); null when inline
 */
public record ModelArtifact(
        String version, String source, String sha256, byte[] pmml, DriftBaseline baseline, String location) {

    /** An artifact without a drift baseline, inline. */
    public ModelArtifact(String version, String source, String sha256, byte[] pmml) {
        this(version, source, sha256, pmml, null, null);
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
                : location.get().readModel();
        String sha256 = RegimeModel.sha256(pmml);
        if (!sha256.equalsIgnoreCase(announcement.sha256())) {
            // The computed sha256 is not shown: it would tell whoever announced what any readable file hashes to.
            throw new ModelException(
                    announcement.source(),
                    "does not have the sha256 announced for version " + announcement.version()
                            + ": the file changed or is not the one announced (announce it again with its sha256)");
        }
        return new ModelArtifact(
                announcement.version(),
                announcement.source(),
                sha256,
                pmml,
                announcement.baseline(),
                location.map(ModelLocation::toString).orElse(null));
    }

    /**
     * A model this job verified before (what identifies it came from a checkpoint), with its bytes
     * read again, once they still have the sha256 it had.
     *
     * @throws ModelException when they do not: the model at its origin changed since it was verified
     */
    public static ModelArtifact verified(
            String version, String source, String sha256, byte[] pmml, DriftBaseline baseline, String location) {
        if (!RegimeModel.sha256(pmml).equalsIgnoreCase(sha256)) {
            throw new ModelException(
                    source,
                    "no longer has the sha256 " + sha256 + " it had when version " + version
                            + " was verified: it changed since (announce a model again)");
        }
        return new ModelArtifact(version, source, sha256, pmml, baseline, location);
    }

    @Override
    public String toString() {
        return "ModelArtifact[version=" + version + ", source=" + source + ", sha256=" + sha256 + ", " + pmml.length
                + " bytes" + (baseline == null ? "" : ", with drift baseline") + "]";
    }
}
