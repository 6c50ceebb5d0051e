package io.regimestream.common.records;

import io.regimestream.common.model.DriftBaseline;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A message on the control topic ({@code regime-models}): "score with this model from now on".
 * The PMML travels either inline or as a location every scoring task can read, never both.
 *
 * @param version     the version every prediction of this model will carry
 * @param sha256      hex sha256 of the PMML bytes; the job refuses the model when they differ
 * @param location    path or URI of the PMML (file://, s3://, hdfs://, ...), or null when inline
 * @param pmml        the PMML document itself, or null when given by location
 * @param publishedAt epoch ms when it was announced
 * @param keyId       which signing key signed it (optional, see {@code AnnouncementSignature}), or null
 * @param signature   base64 Ed25519 signature of (version, sha256[, mode]), or null when unsigned
 * @param baseline    the model's training distribution and regimes, so the job measures drift against it
 *                    (JSON fields {@code trainingDistribution} and {@code regimes}, as in model.json); optional
 * @param mode        {@link Mode#ACTIVE} (score with it; also what an announcement without {@code "mode"} means)
 *                    or {@link Mode#SHADOW} (score beside the active model, without affecting any output)
 */
public record ModelAnnouncement(
        String version,
        String sha256,
        String location,
        String pmml,
        long publishedAt,
        String keyId,
        String signature,
        DriftBaseline baseline,
        Mode mode) {

    /** What the job does with the announced model. */
    public enum Mode {
        /** Every following prediction comes from it. */
        ACTIVE,
        /** It scores every reading beside the active model, for comparison only; promoted by an ACTIVE announcement of its version. */
        SHADOW;

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
            throw new IllegalArgumentException(
                    "\"mode\" must be \"active\" or \"shadow\", was '" + ModelAnnouncementRule.printable(code) + "'");
        }
    }

    /**
     * Largest inline PMML, in UTF-8 bytes: leaves room for the rest of the message under the
     * broker's default {@code message.max.bytes} (1 MB). Larger models go by location.
     */
    public static final int MAX_INLINE_PMML_BYTES = 900 * 1024;

    public ModelAnnouncement {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(mode, "mode");
        if ((location == null) == (pmml == null)) {
            throw new IllegalArgumentException("a model announcement needs either a location or inline PMML, not "
                    + (location == null ? "neither" : "both"));
        }
    }

    /** An active announcement without a drift baseline, as every announcement was before both. */
    public ModelAnnouncement(
            String version,
            String sha256,
            String location,
            String pmml,
            long publishedAt,
            String keyId,
            String signature) {
        this(version, sha256, location, pmml, publishedAt, keyId, signature, null, Mode.ACTIVE);
    }

    /** An active announcement. */
    public ModelAnnouncement(
            String version,
            String sha256,
            String location,
            String pmml,
            long publishedAt,
            String keyId,
            String signature,
            DriftBaseline baseline) {
        this(version, sha256, location, pmml, publishedAt, keyId, signature, baseline, Mode.ACTIVE);
    }

    /** An announcement without a drift baseline. */
    public ModelAnnouncement(
            String version,
            String sha256,
            String location,
            String pmml,
            long publishedAt,
            String keyId,
            String signature,
            Mode mode) {
        this(version, sha256, location, pmml, publishedAt, keyId, signature, null, mode);
    }

    /** An unsigned active announcement. */
    public ModelAnnouncement(String version, String sha256, String location, String pmml, long publishedAt) {
        this(version, sha256, location, pmml, publishedAt, null, null);
    }

    public static ModelAnnouncement inline(String version, String sha256, byte[] pmml, long publishedAt) {
        return new ModelAnnouncement(version, sha256, null, new String(pmml, StandardCharsets.UTF_8), publishedAt);
    }

    public static ModelAnnouncement at(String version, String sha256, String location, long publishedAt) {
        return new ModelAnnouncement(version, sha256, location, null, publishedAt);
    }

    /** This announcement with a signature (and the id of the key that made it; null for none). */
    public ModelAnnouncement signed(String signingKeyId, String base64Signature) {
        return new ModelAnnouncement(
                version, sha256, location, pmml, publishedAt, signingKeyId, base64Signature, baseline, mode);
    }

    /** This announcement carrying the model's drift baseline (null: none). */
    public ModelAnnouncement withBaseline(DriftBaseline driftBaseline) {
        return new ModelAnnouncement(
                version, sha256, location, pmml, publishedAt, keyId, signature, driftBaseline, mode);
    }

    /**
     * This announcement in another mode, unsigned: a signature covers the mode, so it would no
     * longer verify (sign the result again).
     */
    public ModelAnnouncement withMode(Mode newMode) {
        return new ModelAnnouncement(version, sha256, location, pmml, publishedAt, null, null, baseline, newMode);
    }

    public boolean isShadow() {
        return mode == Mode.SHADOW;
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

    @Override
    public String toString() {
        return "ModelAnnouncement[version=" + version + ", sha256=" + sha256 + ", "
                + (isInline() ? "inline " + pmml.length() + " chars" : "location=" + location) + ", publishedAt="
                + publishedAt
                + ", mode=" + mode.code()
                + (isSigned() ? ", signed" + (keyId == null ? "" : " by key " + keyId) : ", unsigned")
                + (baseline == null ? "" : ", with drift baseline") + "]";
    }
}
