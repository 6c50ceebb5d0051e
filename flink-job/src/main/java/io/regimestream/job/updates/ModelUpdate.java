package io.regimestream.job.updates;

import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.model.AnnouncementPolicy;
import io.regimestream.model.ModelArtifact;
import io.regimestream.model.RegimeModel;

/**
 * One announcement from the control topic, prepared off the task thread: either a model fetched,
 * sha256-checked and loaded completely (ready to score with), or the reason it was rejected.
 *
 * @param version   the announced version ("" when the announcement itself is unreadable)
 * @param source    where the model came from, or the announcement's position when unreadable
 * @param artifact  the verified bytes; null when rejected
 * @param model     the loaded model; null when rejected
 * @param rejection why it was rejected; null when ready
 * @param unreadableAnnouncement true when the announcement or its location failed (not the model)
 * @param partition control-topic partition of the announcement
 * @param offset    its offset
 */
public record ModelUpdate(String version, String source, ModelArtifact artifact, RegimeModel model, String rejection,
                          boolean unreadableAnnouncement, int partition, long offset) {

    /**
     * Reads one control-topic record: the announcement is parsed, its model fetched and checked by
     * {@link ModelArtifact#fetch} under the job's {@link AnnouncementPolicy} (the one place announcements are checked) and loaded completely by
     * {@link RegimeModel#load(ModelArtifact)}. Never throws: whatever is wrong becomes a rejection.
     */
    public static ModelUpdate prepare(String topic, int partition, long offset, byte[] value, AnnouncementPolicy policy) {
        ModelAnnouncement announcement;
        try {
            if (value == null) {
                throw new IllegalArgumentException("the record has no value");
            }
            announcement = ModelAnnouncementCodec.fromJson(value);
        } catch (IllegalArgumentException e) {
            return rejected("", topic + "-" + partition + "@" + offset, "not a model announcement: " + e.getMessage(), true,
                    partition, offset);
        }
        ModelArtifact artifact;
        try {
            artifact = ModelArtifact.fetch(announcement, policy);
        } catch (RuntimeException e) { // whatever is wrong with an announcement, it must not fail the job
            return rejected(announcement.version(), announcement.source(), e.getMessage(), true, partition, offset);
        }
        try {
            return ready(artifact, RegimeModel.load(artifact), partition, offset);
        } catch (RuntimeException e) {
            return rejected(artifact.version(), artifact.source(), e.getMessage(), false, partition, offset);
        }
    }

    static ModelUpdate ready(ModelArtifact artifact, RegimeModel model, int partition, long offset) {
        return new ModelUpdate(artifact.version(), artifact.source(), artifact, model, null, false, partition, offset);
    }

    static ModelUpdate rejected(String version, String source, String why, boolean announcement, int partition,
                                long offset) {
        return new ModelUpdate(version, source, null, null, why, announcement, partition, offset);
    }

    public boolean isReady() {
        return model != null;
    }
}
