package io.regimestream.common.records;

import io.regimestream.common.model.DriftBaseline;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A message on the control topic ({@code regime-models}): "score with this model from now on".
 * The PMML travels either inline or as a location every scoring task can read, never both.
 *
 * @param version     the version every prediction of this model will carry
 * @param sha256      hex sha256 of the PMML bytes; the job refuses the model when they differ
 * @param location    path or URI of the PMML (file://, s3://, hdfs://, ...), or null when inline
 * @param pmml        the PMML document itself, or null when given by location
 * @param publishedAt epoch ms when it was announced
 * @param sequence    orders announcements: a job applies one only if its sequence is above the last it applied, so
 *                    an older announcement sent again (a replay) is refused; the publisher's clock in ms by default
 * @param keyId       which signing key signed it (optional, see {@code AnnouncementSignature}), or null
 * @param signature   base64 Ed25519 signature of the whole announcement (its canonical form without the signature),
 *                    or null when unsigned
 * @param baseline    the model's training distribution and regimes, so the job measures drift against it
 *                    (JSON fields {@code trainingDistribution} and {@code regimes}, as in model.json); optional
 * @param mode        {@link Mode#ACTIVE} (score with it; also what an announcement without {@code "mode"} means),
 *                    {@link Mode#SHADOW} (score beside the active model, without affecting any output) or
 *                    {@link Mode#CANARY} (score a share of the machines, promoted or rolled back by the job)
 * @param canary      how a canary is tried ({@code "canary":{...}}): present exactly when the mode is canary
 * @param rollback    true when the publisher goes back to an older model on purpose ({@code "rollback":true}, signed
 *                    like every field): the job says so when it activates it; an older announcement sent again is
 *                    refused (its sequence), so going back always takes a new announcement
 * @param contentDigest hex sha256 of the message's canonical form without its signature, when it was read from a
 *                    message ({@code ModelAnnouncementCodec}: it then also covers fields this code does not know);
 *                    null for an announcement made in code, whose digest is that of its JSON
 *                    ({@code AnnouncementSignature.contentDigest})
 */
public record ModelAnnouncement(
        String version,
        String sha256,
        String location,
        String pmml,
        long publishedAt,
        long sequence,
        String keyId,
        String signature,
        DriftBaseline baseline,
        Mode mode,
        CanaryPlan canary,
        boolean rollback,
        String contentDigest) {

    /** What the job does with the announced model. */
    public enum Mode {
        /** Every following prediction comes from it. */
        ACTIVE,
        /** It scores every reading beside the active model, for comparison only; promoted by an ACTIVE announcement of its version. */
        SHADOW,
        /**
         * It scores the readings of a share of the machines ({@link CanaryPlan}), the active model the rest; the job
         * promotes it when its health holds, or rolls it back when it is worse than the active model's.
         */
        CANARY;

        /** {@code active} or {@code shadow}, as in the announcement's JSON. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the allowed values */
        public static Mode fromCode(String code) {
            for (Mode m : values()) {
                if (m.code().equals(code)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("\"mode\" must be \"active\", \"shadow\" or \"canary\", was '"
                    + ModelAnnouncementRule.printable(code) + "'");
        }
    }

    /**
     * Largest inline PMML, in UTF-8 bytes: leaves room for the rest of the message under the
     * broker's default {@code message.max.bytes} (1 MB). Larger models go by location.
     */
    public static final int MAX_INLINE_PMML_BYTES = 900 * 1024;

    private static final AtomicLong LAST_SEQUENCE = new AtomicLong();

    public ModelAnnouncement {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(mode, "mode");
        if ((mode == Mode.CANARY) != (canary != null)) {
            throw new IllegalArgumentException(
                    mode == Mode.CANARY
                            ? "a canary announcement needs \"canary\":{\"share\":..} (which share of machines it scores)"
                            : "\"canary\" belongs to canary announcements (\"mode\":\"canary\") only");
        }
        if ((location == null) == (pmml == null)) {
            throw new IllegalArgumentException("a model announcement needs either a location or inline PMML, not "
                    + (location == null ? "neither" : "both"));
        }
    }

    /**
     * The next sequence this JVM hands out: the current time in ms, or one above the last one when
     * the clock has not moved on (two announcements in one millisecond). Time-based, so separate
     * publishers need no coordination as long as their clocks move forward.
     */
    public static long nextSequence() {
        long now = System.currentTimeMillis();
        return LAST_SEQUENCE.updateAndGet(last -> Math.max(now, last + 1));
    }

    /** An unsigned active announcement with the PMML inline, sequenced by {@link #nextSequence()}. */
    public static ModelAnnouncement inline(String version, String sha256, byte[] pmml, long publishedAt) {
        return new ModelAnnouncement(
                version,
                sha256,
                null,
                new String(pmml, StandardCharsets.UTF_8),
                publishedAt,
                nextSequence(),
                null,
                null,
                null,
                Mode.ACTIVE,
                null,
                false,
                null);
    }

    /** An unsigned active announcement of the PMML at {@code location}, sequenced by {@link #nextSequence()}. */
    public static ModelAnnouncement at(String version, String sha256, String location, long publishedAt) {
        return new ModelAnnouncement(
                version,
                sha256,
                location,
                null,
                publishedAt,
                nextSequence(),
                null,
                null,
                null,
                Mode.ACTIVE,
                null,
                false,
                null);
    }

    /** This announcement with a signature (and the id of the key that made it; null for none). */
    public ModelAnnouncement signed(String signingKeyId, String base64Signature) {
        return new ModelAnnouncement(
                version,
                sha256,
                location,
                pmml,
                publishedAt,
                sequence,
                signingKeyId,
                base64Signature,
                baseline,
                mode,
                canary,
                rollback,
                null);
    }

    /** This announcement carrying the model's drift baseline (null: none), unsigned: sign the result again. */
    public ModelAnnouncement withBaseline(DriftBaseline driftBaseline) {
        return unsigned(sequence, driftBaseline, mode, canary, rollback);
    }

    /** This announcement in another mode, active or shadow (see {@link #asCanary}), unsigned: sign the result again. */
    public ModelAnnouncement withMode(Mode newMode) {
        if (newMode == Mode.CANARY) {
            throw new IllegalArgumentException("a canary announcement needs a plan: use asCanary(plan)");
        }
        return unsigned(sequence, baseline, newMode, null, rollback);
    }

    /** This announcement as a canary tried as {@code plan} says, unsigned: sign the result again. */
    public ModelAnnouncement asCanary(CanaryPlan plan) {
        return unsigned(sequence, baseline, Mode.CANARY, plan, rollback);
    }

    /** This announcement under another sequence, unsigned: sign the result again. */
    public ModelAnnouncement withSequence(long newSequence) {
        return unsigned(newSequence, baseline, mode, canary, rollback);
    }

    /** This announcement marked as a deliberate rollback to an older model, unsigned: sign the result again. */
    public ModelAnnouncement asRollback() {
        return unsigned(sequence, baseline, mode, canary, true);
    }

    /** This model under the given terms; the signature covers the terms, so the copy carries none. */
    private ModelAnnouncement unsigned(
            long newSequence, DriftBaseline newBaseline, Mode newMode, CanaryPlan newCanary, boolean newRollback) {
        return new ModelAnnouncement(
                version,
                sha256,
                location,
                pmml,
                publishedAt,
                newSequence,
                null,
                null,
                newBaseline,
                newMode,
                newCanary,
                newRollback,
                null);
    }

    public boolean isShadow() {
        return mode == Mode.SHADOW;
    }

    public boolean isCanary() {
        return mode == Mode.CANARY;
    }

    public boolean isSigned() {
        return signature != null;
    }

    public boolean isInline() {
        return pmml != null;
    }

    /** Where the model comes from, for messages: the location or {@code inline PMML of <version>}. */
    public String source() {
        return isInline() ? "inline PMML of " + version : location;
    }

    /** Equal when every field this code knows is equal ({@link #contentDigest()}, which may cover more, aside). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ModelAnnouncement a
                && version.equals(a.version)
                && sha256.equals(a.sha256)
                && Objects.equals(location, a.location)
                && Objects.equals(pmml, a.pmml)
                && publishedAt == a.publishedAt
                && sequence == a.sequence
                && Objects.equals(keyId, a.keyId)
                && Objects.equals(signature, a.signature)
                && Objects.equals(baseline, a.baseline)
                && mode == a.mode
                && Objects.equals(canary, a.canary)
                && rollback == a.rollback;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                version,
                sha256,
                location,
                pmml,
                publishedAt,
                sequence,
                keyId,
                signature,
                baseline,
                mode,
                canary,
                rollback);
    }

    @Override
    public String toString() {
        return "ModelAnnouncement[version=" + version + ", sha256=" + sha256 + ", "
                + (isInline() ? "inline " + pmml.length() + " chars" : "location=" + location) + ", publishedAt="
                + publishedAt
                + ", sequence=" + sequence
                + ", mode=" + mode.code()
                + (canary == null ? "" : " (" + canary.describe() + ")")
                + (rollback ? ", rollback" : "")
                + (isSigned() ? ", signed" + (keyId == null ? "" : " by key " + keyId) : ", unsigned")
                + (baseline == null ? "" : ", with drift baseline") + "]";
    }
}
