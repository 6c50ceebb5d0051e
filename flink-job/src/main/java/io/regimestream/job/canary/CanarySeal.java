package io.regimestream.job.canary;

import io.regimestream.common.model.Sha256;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the canary reports a job writes to the control topic with an HMAC-SHA256 of a key only that
 * job has, so its tasks count their own reports and nothing else: not another job's following the
 * same topic, not one forged by someone who may write to the topic. The key is made when the job is
 * built, travels in the job graph, and is kept in checkpoints and savepoints (a restored job goes on
 * counting the reports written before); {@link #keyId()} names it in each report.
 */
public final class CanarySeal {

    public static final int KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;
    private final String keyId;

    public CanarySeal(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a canary report key is " + KEY_BYTES + " bytes");
        }
        this.key = key.clone();
        this.keyId = Sha256.hex(key).substring(0, 16);
    }

    /** A new random key, for a job built afresh. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** The first 16 hex digits of the key's sha256: which job a report is from, without giving the key away. */
    public String keyId() {
        return keyId;
    }

    public byte[] key() {
        return key.clone();
    }

    /** The base64 HMAC of {@code content}. */
    public String mac(byte[] content) {
        return Base64.getEncoder().encodeToString(hmac(content));
    }

    /** True when {@code mac} is the HMAC of {@code content} (compared in constant time). */
    public boolean verifies(byte[] content, String mac) {
        byte[] given;
        try {
            given = Base64.getDecoder().decode(mac);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(content), given);
    }

    private byte[] hmac(byte[] content) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has " + ALGORITHM, e);
        }
    }
}
