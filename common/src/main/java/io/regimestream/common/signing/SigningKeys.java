package io.regimestream.common.signing;

import io.regimestream.common.model.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys for signed model announcements, as PEM files: the private key in PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}, for the publisher), the public key in X.509
 * ({@code -----BEGIN PUBLIC KEY-----}, for the job). The same files {@code openssl genpkey
 * -algorithm ed25519} and {@code openssl pkey -pubout} write.
 */
public final class SigningKeys {

    public static final String PRIVATE_KEY_FILE = "model-signing.key.pem";
    public static final String PUBLIC_KEY_FILE = "model-signing.pub.pem";
    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";
    private static final String HOW_TO_CREATE =
            "create a key pair with: java -jar training.jar --generate-signing-key DIR "
                    + "(or openssl genpkey -algorithm ed25519 -out key.pem && openssl pkey -in key.pem -pubout -out pub.pem)";

    private SigningKeys() {}

    /** A new key pair written to {@code dir} (created if missing); the private key file readable by its owner only. */
    public static KeyPair generate(Path dir) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance(AnnouncementSignature.ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519 (Java 15 or later has)", e);
        }
        Files.createDirectories(dir);
        Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
        Path publicFile = dir.resolve(PUBLIC_KEY_FILE);
        if (Files.exists(privateFile) || Files.exists(publicFile)) {
            throw new IOException(
                    dir + " already holds a signing key: choose an empty folder (a key is never overwritten)");
        }
        Files.createFile(privateFile);
        try {
            Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions protect it
        }
        Files.writeString(privateFile, pem(PRIVATE_LABEL, pair.getPrivate().getEncoded()));
        Files.writeString(publicFile, pem(PUBLIC_LABEL, pair.getPublic().getEncoded()));
        return pair;
    }

    /** @throws IllegalArgumentException naming the file and what to do */
    public static PrivateKey readPrivateKey(Path file) {
        byte[] der = readPem(file, PRIVATE_LABEL, "an Ed25519 private key in PKCS#8 PEM");
        try {
            return KeyFactory.getInstance(AnnouncementSignature.ALGORITHM)
                    .generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    file + " is not an Ed25519 private key (" + e.getMessage() + "): " + HOW_TO_CREATE, e);
        }
    }

    /** @throws IllegalArgumentException naming the file and what to do */
    public static PublicKey readPublicKey(Path file) {
        return publicKey(readPem(file, PUBLIC_LABEL, "an Ed25519 public key in X.509 PEM"), file.toString());
    }

    /** The public key from its X.509 encoding ({@link PublicKey#getEncoded()}). */
    public static PublicKey publicKey(byte[] x509, String source) {
        try {
            return KeyFactory.getInstance(AnnouncementSignature.ALGORITHM).generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    source + " is not an Ed25519 public key (" + e.getMessage() + "): " + HOW_TO_CREATE, e);
        }
    }

    /** A short name of a public key: the first 16 hex digits of the sha256 of its X.509 encoding. */
    public static String keyId(PublicKey key) {
        return Sha256.hex(key.getEncoded()).substring(0, 16);
    }

    private static byte[] readPem(Path file, String label, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read " + file + " (" + e.getMessage() + "): expected " + what + "; " + HOW_TO_CREATE, e);
        }
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(
                    file + " is not " + what + " (no " + begin + " ... " + end + "): " + HOW_TO_CREATE);
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not " + what + " (bad base64): " + HOW_TO_CREATE, e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + label + "-----\n";
    }
}
