package io.regimestream.training.output;

import io.regimestream.common.model.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The model version: {@code k<k>-<12 hex>}, the hex being a sha256 over the data's fingerprint and
 * every setting that shapes the model. The same data and settings give the same version, while
 * the PMML's bytes (and so its sha256) change with the creation timestamp in its header.
 */
public final class ModelVersion {

    private ModelVersion() {}

    public static String of(int k, String dataFingerprint, String settings) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((dataFingerprint + "|k=" + k + "|" + settings).getBytes(StandardCharsets.UTF_8));
            return "k" + k + "-" + HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public static String sha256(byte[] bytes) {
        return Sha256.hex(bytes);
    }
}
