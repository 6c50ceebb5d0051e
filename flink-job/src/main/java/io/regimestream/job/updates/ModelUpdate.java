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
 * @param mode      active (score with it) or shadow (score beside the active model); active when unreadable
 */
public record ModelUpdate(
        String version,
        String source,
        ModelArtifact artifact,
        RegimeModel model,
        String rejection,
        boolean unreadableAnnouncement,
        int partition,
        long offset,
        ModelAnnouncement.Mode mode) {

    /** An update of the active model. */
    public ModelUpdate(
            String version,
            String source,
            ModelArtifact artifact,
            RegimeModel model,
            String rejection,
            boolean unreadableAnnouncement,
            int partition,
            long offset) {
        this(
                version,
                source,
                artifact,
                model,
                rejection,
                unreadableAnnouncement,
                partition,
                offset,
                ModelAnnouncement.Mode.ACTIVE);
    }

    /** {@link #prepare(String, int, long, byte[], AnnouncementPolicy, LoadedModel)} for a task without a shadow model. */
    public static ModelUpdate prepare(
            String topic, int partition, long offset, byte[] value, AnnouncementPolicy policy) {
        return prepare(topic, partition, offset, value, policy, null);
    }

    /**
     * Reads one control-topic record: the announcement is parsed, its model fetched and checked by
     * {@link ModelArtifact#fetch} under the job's {@link AnnouncementPolicy} (the one place announcements are checked) and loaded completely by
     * {@link RegimeModel#load(ModelArtifact)}. An active announcement of {@code shadow}'s version and
     * sha256 is checked the same way, but the shadow's model is used as it is (a promotion: nothing is
     * read or loaded again). Never throws: whatever is wrong becomes a rejection.
     *
     * @param shadow the task's shadow model when this announcement is applied, or null
     */
    public static ModelUpdate prepare(
            String topic, int partition, long offset, byte[] value, AnnouncementPolicy policy, LoadedModel shadow) {
        ModelAnnouncement announcement;
        try {
            if (value == null) {
                throw new IllegalArgumentException("the record has no value");
            }
            announcement = ModelAnnouncementCodec.fromJson(value);
        } catch (IllegalArgumentException e) {
            return rejected(
                    "",
                    topic + "-" + partition + "@" + offset,
                    "not a model announcement: " + e.getMessage(),
                    true,
                    partition,
                    offset,
                    ModelAnnouncement.Mode.ACTIVE);
        }
        ModelAnnouncement.Mode mode = announcement.mode();
        ModelArtifact held = shadow == null || announcement.isShadow() ? null : shadow.artifact();
        ModelArtifact artifact;
        try {
            artifact = ModelArtifact.fetch(announcement, policy, held);
        } catch (RuntimeException e) { // whatever is wrong with an announcement, it must not fail the job
            return rejected(
                    announcement.version(), announcement.source(), e.getMessage(), true, partition, offset, mode);
        }
        if (held != null && artifact == held) {
            return ready(artifact, shadow.model(), partition, offset, mode);
        }
        try {
            return ready(artifact, RegimeModel.load(artifact), partition, offset, mode);
        } catch (RuntimeException e) {
            return rejected(artifact.version(), artifact.source(), e.getMessage(), false, partition, offset, mode);
        }
    }

    static ModelUpdate ready(
            ModelArtifact artifact, RegimeModel model, int partition, long offset, ModelAnnouncement.Mode mode) {
        return new ModelUpdate(
                artifact.version(), artifact.source(), artifact, model, null, false, partition, offset, mode);
    }

    static ModelUpdate rejected(
            String version,
            String source,
            String why,
            boolean announcement,
            int partition,
            long offset,
            ModelAnnouncement.Mode mode) {
        return new ModelUpdate(version, source, null, null, why, announcement, partition, offset, mode);
    }

    public boolean isReady() {
        return model != null;
    }

    public boolean isShadow() {
        return mode == ModelAnnouncement.Mode.SHADOW;
    }

    /** True when this is a ready active model with the version and sha256 of {@code shadow}: the shadow is promoted. */
    public boolean promotes(ModelArtifact shadow) {
        return shadow != null
                && isReady()
                && !isShadow()
                && artifact.version().equals(shadow.version())
                && artifact.sha256().equalsIgnoreCase(shadow.sha256());
    }
}
