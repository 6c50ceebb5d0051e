package io.regimestream.common.signing;

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
 * Signed model announcements: the publisher signs (version, sha256, mode) with an Ed25519 private
 * key, the job verifies with the public key. The sha256 binds the model's bytes wherever they
 * travel (inline or by location), the version binds the name every prediction will carry, and the
 * mode binds what the job does with it: a signed shadow announcement cannot be replayed as an
 * active one. The signed bytes are defined here only, so both sides always agree on them.
 */
public final class AnnouncementSignature {

    public static final String ALGORITHM = "Ed25519";
    /** Names what is signed, so a signature made for anything else never verifies as an announcement. */
    private static final String CONTEXT = "regime-stream model announcement v1";

    private AnnouncementSignature() {}

    /**
     * The bytes that are signed: {@code regime-stream model announcement v1\nversion=<v>\nsha256=<hex>\n}
     * in UTF-8. The version is checked first (it cannot contain a line break), so the payload is unambiguous.
     * These are the bytes of an active announcement: signatures made before shadow models existed stay valid.
     */
    public static byte[] payload(String version, String sha256) {
        return payload(version, sha256, ModelAnnouncement.Mode.ACTIVE);
    }

    /**
     * The bytes signed for an announcement in {@code mode}: as {@link #payload(String, String)} for an
     * active one, with a line {@code mode=shadow} added for a shadow one. Each mode's bytes differ, so a
     * signature verifies in the mode it was made for only.
     */
    public static byte[] payload(String version, String sha256, ModelAnnouncement.Mode mode) {
        ModelAnnouncementRule.checkVersion(version);
        String text = CONTEXT + "\nversion=" + version + "\nsha256=" + sha256.toLowerCase(Locale.ROOT) + "\n";
        if (mode != ModelAnnouncement.Mode.ACTIVE) {
            text += "mode=" + mode.code() + "\n";
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] payload(ModelAnnouncement a) {
        return payload(a.version(), a.sha256(), a.mode());
    }

    /** {@code announcement} with its signature; {@code keyId} (may be null) tells the job which key to verify with. */
    public static ModelAnnouncement sign(ModelAnnouncement announcement, PrivateKey key, String keyId) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(payload(announcement));
            return announcement.signed(keyId, Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot sign with this key (an Ed25519 private key is needed): " + e.getMessage(), e);
        }
    }

    /** True when {@code announcement} carries a signature that {@code key} verifies; false when unsigned or not. */
    public static boolean verifies(ModelAnnouncement announcement, PublicKey key) {
        if (announcement.signature() == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(payload(announcement));
            return verifier.verify(Base64.getDecoder().decode(announcement.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a malformed signature is simply not a valid one
        }
    }
}
