package io.regimestream.common.signing;

import io.regimestream.common.codec.CanonicalJson;
import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.model.Sha256;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelAnnouncementRule;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Locale;

/**
 * Signed model announcements: the publisher signs the whole announcement with an Ed25519 private
 * key, the job verifies with the public key. What is signed is the sha256 of the message's
 * canonical form without its {@code signature} ({@link CanonicalJson}: sorted keys, no
 * whitespace, numbers as written), so every field is covered: version, sha256, location or inline
 * PMML, publishedAt, sequence, keyId, mode, the drift baseline, and any field added later, also
 * by a job that does not know it yet. The signed bytes are defined here only, so both sides
 * always agree on them.
 *
 * <p>Signatures of the first format ({@value #CONTEXT_V1}) covered version, sha256 and mode only;
 * {@link #signedTheOldWay} recognizes them, so the job can say why it refuses them.
 */
public final class AnnouncementSignature {

    public static final String ALGORITHM = "Ed25519";
    /** Names what is signed, so a signature made for anything else never verifies as an announcement. */
    private static final String CONTEXT = "regime-stream model announcement v2";

    private static final String CONTEXT_V1 = "regime-stream model announcement v1";

    private AnnouncementSignature() {}

    /**
     * The hex sha256 of {@code announcement}'s canonical form without its signature: of the message it
     * was read from, or, for one made in code, of its JSON. Equal digests, equal announcements (every
     * field, the sequence included).
     */
    public static String contentDigest(ModelAnnouncement announcement) {
        if (announcement.contentDigest() != null) {
            return announcement.contentDigest();
        }
        return Sha256.hex(
                CanonicalJson.of(ModelAnnouncementCodec.toJson(announcement), ModelAnnouncementCodec.SIGNATURE));
    }

    /** The bytes that are signed: {@code regime-stream model announcement v2\n<content digest>\n} in UTF-8. */
    public static byte[] payload(ModelAnnouncement announcement) {
        return (CONTEXT + "\n" + contentDigest(announcement) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code announcement} signed; {@code keyId} (may be null) is signed too and tells the job which key to verify with. */
    public static ModelAnnouncement sign(ModelAnnouncement announcement, PrivateKey key, String keyId) {
        ModelAnnouncement toSign = announcement.signed(keyId, null);
        return toSign.signed(keyId, sign(payload(toSign), key));
    }

    /** True when {@code announcement} carries a signature of its whole content that {@code key} verifies. */
    public static boolean verifies(ModelAnnouncement announcement, PublicKey key) {
        return announcement.signature() != null && verifies(payload(announcement), announcement.signature(), key);
    }

    /**
     * True when {@code announcement}'s signature is of the first format, which {@code key} made: over
     * version, sha256 and mode only, so everything else in the message (location, baseline, time) could
     * have been changed since. No job accepts these any more; publish the model again.
     */
    public static boolean signedTheOldWay(ModelAnnouncement announcement, PublicKey key) {
        if (announcement.signature() == null) {
            return false;
        }
        try {
            ModelAnnouncementRule.checkVersion(announcement.version());
        } catch (IllegalArgumentException e) {
            return false;
        }
        String text = CONTEXT_V1 + "\nversion=" + announcement.version() + "\nsha256="
                + announcement.sha256().toLowerCase(Locale.ROOT) + "\n"
                + (announcement.isShadow() ? "mode=" + announcement.mode().code() + "\n" : "");
        return verifies(text.getBytes(StandardCharsets.UTF_8), announcement.signature(), key);
    }

    /** An Ed25519 signature of {@code payload}, base64. */
    static String sign(byte[] payload, PrivateKey key) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(payload);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot sign with this key (an Ed25519 private key is needed): " + e.getMessage(), e);
        }
    }

    private static boolean verifies(byte[] payload, String signature, PublicKey key) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(payload);
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a malformed signature is simply not a valid one
        }
    }
}
