package io.regimestream.common.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.records.ModelAnnouncement;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnouncementSignatureTest {

    private static final String SHA = "ab".repeat(32);
    private static final long NOW = System.currentTimeMillis();

    @TempDir
    Path dir;

    @Test
    void theSignedPayloadIsVersionAndSha256UnderAFixedContext() {
        assertThat(new String(AnnouncementSignature.payload("k4-1", SHA.toUpperCase()), StandardCharsets.UTF_8))
                .isEqualTo("regime-stream model announcement v1\nversion=k4-1\nsha256=" + SHA + "\n");
        assertThatThrownBy(() -> AnnouncementSignature.payload("k4\nsha256=" + SHA, SHA))
                .hasMessageContaining("\"version\"");
    }

    @Test
    void aSignatureVerifiesWithItsPublicKeyAndSurvivesTheJsonCodec() throws Exception {
        KeyPair keys = SigningKeys.generate(dir);
        ModelAnnouncement signed = AnnouncementSignature.sign(
                ModelAnnouncement.at("k4-1", SHA, "s3://m/k4.pmml", NOW),
                SigningKeys.readPrivateKey(dir.resolve(SigningKeys.PRIVATE_KEY_FILE)),
                "ops-2025");

        ModelAnnouncement received = ModelAnnouncementCodec.fromJson(ModelAnnouncementCodec.toJson(signed));

        assertThat(received).isEqualTo(signed);
        assertThat(received.keyId()).isEqualTo("ops-2025");
        assertThat(AnnouncementSignature.verifies(
                        received, SigningKeys.readPublicKey(dir.resolve(SigningKeys.PUBLIC_KEY_FILE))))
                .isTrue();
        assertThat(AnnouncementSignature.verifies(received, keys.getPublic())).isTrue();
    }

    @Test
    void anythingChangedOrUnsignedOrSignedByAnotherKeyDoesNotVerify() throws Exception {
        KeyPair ours = SigningKeys.generate(dir.resolve("ours"));
        KeyPair theirs = SigningKeys.generate(dir.resolve("theirs"));
        ModelAnnouncement announcement = ModelAnnouncement.at("k4-1", SHA, "s3://m/k4.pmml", NOW);
        ModelAnnouncement signed = AnnouncementSignature.sign(announcement, ours.getPrivate(), null);
        PublicKey key = ours.getPublic();

        assertThat(AnnouncementSignature.verifies(announcement, key))
                .as("unsigned")
                .isFalse();
        assertThat(AnnouncementSignature.verifies(
                        AnnouncementSignature.sign(announcement, theirs.getPrivate(), null), key))
                .as("another key")
                .isFalse();
        assertThat(AnnouncementSignature.verifies(withVersion(signed, "k4-2"), key))
                .as("other version")
                .isFalse();
        assertThat(AnnouncementSignature.verifies(withSha(signed, "cd".repeat(32)), key))
                .as("other sha256")
                .isFalse();
        assertThat(AnnouncementSignature.verifies(signed.signed(null, "AAAA"), key))
                .as("garbage")
                .isFalse();
    }

    @Test
    void theModeIsSignedSoASignedShadowCannotBeReplayedAsActiveNorTheOtherWayRound() throws Exception {
        KeyPair keys = SigningKeys.generate(dir);
        ModelAnnouncement shadow =
                ModelAnnouncement.at("k4-1", SHA, "s3://m/k4.pmml", NOW).withMode(ModelAnnouncement.Mode.SHADOW);
        ModelAnnouncement signedShadow = AnnouncementSignature.sign(shadow, keys.getPrivate(), null);
        ModelAnnouncement signedActive =
                AnnouncementSignature.sign(shadow.withMode(ModelAnnouncement.Mode.ACTIVE), keys.getPrivate(), null);

        assertThat(new String(
                        AnnouncementSignature.payload("k4-1", SHA, ModelAnnouncement.Mode.SHADOW),
                        StandardCharsets.UTF_8))
                .isEqualTo("regime-stream model announcement v1\nversion=k4-1\nsha256=" + SHA + "\nmode=shadow\n");
        ModelAnnouncement received = ModelAnnouncementCodec.fromJson(ModelAnnouncementCodec.toJson(signedShadow));
        assertThat(received).isEqualTo(signedShadow);
        assertThat(AnnouncementSignature.verifies(received, keys.getPublic()))
                .as("shadow as signed")
                .isTrue();
        assertThat(AnnouncementSignature.verifies(
                        withMode(signedShadow, ModelAnnouncement.Mode.ACTIVE), keys.getPublic()))
                .as("signed shadow replayed as active")
                .isFalse();
        assertThat(AnnouncementSignature.verifies(signedActive, keys.getPublic()))
                .as("active as signed")
                .isTrue();
        assertThat(AnnouncementSignature.verifies(
                        withMode(signedActive, ModelAnnouncement.Mode.SHADOW), keys.getPublic()))
                .as("signed active replayed as shadow")
                .isFalse();
    }

    @Test
    void aSignatureMadeBeforeShadowModelsExistedStillVerifiesAsActiveOnly() throws Exception {
        // Made outside this code, over the v1 payload (no mode line), with the committed OpenSSL key:
        // printf 'regime-stream model announcement v1\nversion=k4-1\nsha256=abab..ab\n' > payload
        // openssl pkeyutl -sign -inkey openssl-ed25519.key.pem -rawin -in payload | base64 -w0   (Ed25519 is
        // deterministic)
        String signature = "pS2Aw9Nm6NEBbia8z4vj7lQEpOHwk2P6Rz9cLsxKwvsstI+4oLSblZk7S04qGEZzMaGVv0p8+XT8Fx9TfemsAw==";
        PublicKey publicKey = SigningKeys.readPublicKey(resource("openssl-ed25519.pub.pem"));
        // An announcement as published before, without "mode": it reads as active.
        ModelAnnouncement old = ModelAnnouncementCodec.fromJson(
                ("{\"version\":\"k4-1\",\"sha256\":\"" + SHA + "\",\"location\":\"s3://m/k4.pmml\",\"publishedAt\":"
                                + NOW + ",\"signature\":\"" + signature + "\"}")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(old.mode()).isEqualTo(ModelAnnouncement.Mode.ACTIVE);
        assertThat(AnnouncementSignature.verifies(old, publicKey)).isTrue();
        assertThat(AnnouncementSignature.verifies(withMode(old, ModelAnnouncement.Mode.SHADOW), publicKey))
                .isFalse();
    }

    @Test
    void keysWrittenByOpensslAreRead() throws Exception {
        // openssl genpkey -algorithm ed25519 -out openssl-ed25519.key.pem
        // openssl pkey -in openssl-ed25519.key.pem -pubout -out openssl-ed25519.pub.pem
        PrivateKey privateKey = SigningKeys.readPrivateKey(resource("openssl-ed25519.key.pem"));
        PublicKey publicKey = SigningKeys.readPublicKey(resource("openssl-ed25519.pub.pem"));
        ModelAnnouncement signed =
                AnnouncementSignature.sign(ModelAnnouncement.at("k4-1", SHA, "s3://m/k4.pmml", NOW), privateKey, null);

        assertThat(AnnouncementSignature.verifies(signed, publicKey)).isTrue();
        assertThat(SigningKeys.keyId(publicKey)).hasSize(16).matches("[0-9a-f]+");
    }

    @Test
    void generatedPrivateKeysAreOwnerOnlyAndNeverOverwritten() throws Exception {
        SigningKeys.generate(dir);

        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(dir.resolve(SigningKeys.PRIVATE_KEY_FILE))))
                .isEqualTo("rw-------");
        assertThatThrownBy(() -> SigningKeys.generate(dir)).hasMessageContaining("already holds a signing key");
    }

    @Test
    void wrongKeyFilesAreRefusedSayingHowToCreateOne() throws Exception {
        SigningKeys.generate(dir);
        Path publicAsPrivate = dir.resolve(SigningKeys.PUBLIC_KEY_FILE);

        assertThatThrownBy(() -> SigningKeys.readPrivateKey(publicAsPrivate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(publicAsPrivate.toString())
                .hasMessageContaining("PKCS#8")
                .hasMessageContaining("--generate-signing-key");
        assertThatThrownBy(() -> SigningKeys.readPublicKey(dir.resolve("missing.pem")))
                .hasMessageContaining("cannot read")
                .hasMessageContaining("missing.pem");
    }

    private static ModelAnnouncement withVersion(ModelAnnouncement a, String version) {
        return new ModelAnnouncement(
                version, a.sha256(), a.location(), a.pmml(), a.publishedAt(), a.keyId(), a.signature());
    }

    private static ModelAnnouncement withSha(ModelAnnouncement a, String sha256) {
        return new ModelAnnouncement(
                a.version(), sha256, a.location(), a.pmml(), a.publishedAt(), a.keyId(), a.signature());
    }

    private static ModelAnnouncement withMode(ModelAnnouncement a, ModelAnnouncement.Mode mode) {
        return new ModelAnnouncement(
                a.version(), a.sha256(), a.location(), a.pmml(), a.publishedAt(), a.keyId(), a.signature(), mode);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(
                AnnouncementSignatureTest.class.getResource("/signing/" + name).toURI());
    }
}
