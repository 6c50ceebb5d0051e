package io.regimestream.job.model;

import io.regimestream.common.records.ModelAnnouncement;

import java.nio.charset.StandardCharsets;

/**
 * The bytes of an announced model whose sha256 matched, with the version it was announced as.
 * This is what the job broadcasts to every scoring task and keeps in its checkpoints, so a
 * recovered job scores with the same model without reading the location again.
 *
 * @param version the announced version, carried by every prediction of this model
 * @param source  where it came from (the location, or {@code inline PMML of <version>}), for messages
 * @param sha256  hex sha256 of {@code pmml}
 * @param pmml    the PMML document
 */
public record ModelArtifact(String version, String source, String sha256, byte[] pmml) {

    /**
     * Reads the announced model (inline or from its location through Flink's file systems) and
     * checks its sha256 against the announcement.
     *
     * @throws ModelException naming the source and what is wrong
     */
    public static ModelArtifact fetch(ModelAnnouncement announcement) {
        byte[] pmml = announcement.isInline()
                ? announcement.pmml().getBytes(StandardCharsets.UTF_8)
                : ModelFiles.readModel(announcement.location());
        String sha256 = RegimeModel.sha256(pmml);
        if (!sha256.equalsIgnoreCase(announcement.sha256())) {
            throw new ModelException(announcement.source(), "has sha256 " + sha256 + " but the announcement of version "
                    + announcement.version() + " says " + announcement.sha256()
                    + ": the file changed or is not the one announced (announce it again with its sha256)");
        }
        return new ModelArtifact(announcement.version(), announcement.source(), sha256, pmml);
    }

    @Override
    public String toString() {
        return "ModelArtifact[version=" + version + ", source=" + source + ", sha256=" + sha256 + ", " + pmml.length + " bytes]";
    }
}
