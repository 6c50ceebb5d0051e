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
 * Signed model announcements: the publisher signs (version, sha256) with an Ed25519 private key,
 * the job verifies with the public key. The sha256 binds the model's bytes wherever they travel
 * (inline or by location), the version binds the name every prediction will carry. The signed
 * bytes are defined here only, so both sides always agree on them.
 */
public final class AnnouncementSignature {

    public static final String ALGORITHM = "Ed25519";
    /** Names what is signed, so a signature made for anything else never verifies as an announcement. */
    private static final String CONTEXT = "regime-stream model announcement v1";

    private AnnouncementSignature() {
    }

    /**
     * The bytes that are signed: {@code regime-stream model announcement v1\nversion=<v>\nsha256=<hex>\n}
     * in UTF-8. The version is checked first (it cannot contain a line break), so the payload is unambiguous.
     */
    public static byte[] payload(String version, String sha256) {
        ModelAnnouncementRule.checkVersion(version);
        return (CONTEXT + "\nversion=" + version + "\nsha256=" + sha256.toLowerCase(Locale.ROOT) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** {@code announcement} with its signature; {@code keyId} (may be null) tells the job which key to verify with. */
    public static ModelAnnouncement sign(ModelAnnouncement announcement, PrivateKey key, String keyId) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(payload(announcement.version(), announcement.sha256()));
            return announcement.signed(keyId, Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key (an Ed25519 private key is needed): " + e.getMessage(), e);
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
            verifier.update(payload(announcement.version(), announcement.sha256()));
            return verifier.verify(Base64.getDecoder().decode(announcement.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a malformed signature is simply not a valid one
        }
    }
}
