package io.regimestream.common.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The one sha256 of the project: of a model's bytes, an announcement's canonical form, a public key. */
public final class Sha256 {

    private Sha256() {}

    /** Lower-case hex sha256 of {@code bytes} (64 digits). */
    public static String hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
