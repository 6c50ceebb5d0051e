package io.regimestream.common.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimestream.common.codec.Json;
import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.model.Sha256;
import io.regimestream.common.records.CanaryPlan;
import io.regimestream.common.records.ModelAnnouncement;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnouncementSignatureTest {

    private static final String SHA = "ab".repeat(32);
    private static final DriftBaseline BASELINE = new DriftBaseline(
            new ModelMetadata.TrainingDistribution(1000, 40.0, 70.0, new double[] {43, 46, 49, 52, 55, 58, 61, 64, 67}),
            List.of(
                    new ModelMetadata.RegimeSummary(0, 45.0, 2.0, 500),
                    new ModelMetadata.RegimeSummary(1, 65.0, 2.5, 500)),
            List.of(
                    new ModelMetadata.TrainingDistribution(
                            500, 40.0, 50.0, new double[] {42, 43, 44, 44.5, 45, 45.5, 46, 47, 48}),
                    new ModelMetadata.TrainingDistribution(
                            500, 60.0, 70.0, new double[] {62, 63, 64, 64.5, 65, 65.5, 66, 67, 68})));
    private static final long NOW = System.currentTimeMillis();

    @TempDir
    Path dir;

    @Test
    void theSignedPayloadIsTheDigestOfTheWholeMessageInCanonicalFormUnderAFixedContext() {
        ModelAnnouncement a = ModelAnnouncement.at("k4-1", SHA, "s3://m/k4.pmml", NOW)
                .withSequence(7)
                .signed("ops-2025", null);
        String canonical = "{\"keyId\":\"ops-2025\",\"location\":\"s3://m/k4.pmml\",\"publishedAt\":" + NOW
                + ",\"sequence\":7,\"sha256\":\"" + SHA + "\",\"version\":\"k4-1\"}";

        assertThat(AnnouncementSignature.contentDigest(a))
                .isEqualTo(Sha256.hex(canonical.getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(AnnouncementSignature.payload(a), StandardCharsets.UTF_8))
                .isEqualTo("regime-stream model announcement v2\n" + AnnouncementSignature.contentDigest(a) + "\n");
    }

    @Test
    void aSignatureVerifiesWithItsPublicKeyAndSurvivesTheJsonCodec() throws Exception {
        KeyPair keys = SigningKeys.generate(dir);
        ModelAnnouncement signed = AnnouncementSignature.sign(
                ModelAnnouncement.at("k4-1", SHA, "s3://m/k4.pmml", NOW).withBaseline(BASELINE),
                SigningKeys.readPrivateKey(dir.resolve(SigningKeys.PRIVATE_KEY_FILE)),
                "ops-2025");

        ModelAnnouncement received = ModelAnnouncementCodec.fromJson(ModelAnnouncementCodec.toJson(signed));

        assertThat(ModelAnnouncementCodec.toJson(received)).isEqualTo(ModelAnnouncementCodec.toJson(signed));
        assertThat(received.keyId()).isEqualTo("ops-2025");
        assertThat(received.contentDigest()).isEqualTo(AnnouncementSignature.contentDigest(signed));
        assertThat(AnnouncementSignature.verifies(
                        received, SigningKeys.readPublicKey(dir.resolve(SigningKeys.PUBLIC_KEY_FILE))))
                .isTrue();
        assertThat(AnnouncementSignature.verifies(received, keys.getPublic())).isTrue();
    }

    @Test
    void everyFieldIsCoveredSoAnyEditOfTheMessageBreaksTheSignature() throws Exception {
        KeyPair keys = SigningKeys.generate(dir);
        byte[] wire = ModelAnnouncementCodec.toJson(AnnouncementSignature.sign(
                ModelAnnouncement.at("k4-1", SHA, "s3://m/k4.pmml", NOW)
                        .withBaseline(BASELINE)
                        .withMode(ModelAnnouncement.Mode.SHADOW),
                keys.getPrivate(),
                "ops-2025"));
        assertThat(verifies(wire, keys)).as("as signed").isTrue();

        Map<String, Consumer<ObjectNode>> edits = new LinkedHashMap<>();
        edits.put("version", n -> n.put("version", "k4-2"));
        edits.put("sha256", n -> n.put("sha256", "cd".repeat(32)));
        edits.put("location", n -> n.put("location", "s3://m/other.pmml"));
        edits.put("publishedAt", n -> n.put("publishedAt", NOW - 60_000));
        edits.put("sequence", n -> n.put("sequence", n.get("sequence").asLong() + 1));
        edits.put("keyId", n -> n.put("keyId", "ops-2026"));
        edits.put("mode", n -> n.remove("mode"));
        edits.put("baseline deleted", n -> n.remove(List.of("trainingDistribution", "regimes", "regimeDistributions")));
        edits.put("baseline max", n -> ((ObjectNode) n.get("trainingDistribution")).put("max", 99.0));
        edits.put("a regime's centroid", n -> ((ObjectNode) n.get("regimes").get(0)).put("centroid", 0.0));
        edits.put(
                "a regime's distribution",
                n -> ((ObjectNode) n.get("regimeDistributions").get(1)).put("max", 99.0));
        edits.put("regime distributions deleted", n -> n.remove("regimeDistributions"));
        edits.put("a field added", n -> n.put("canaryShare", 0.5));
        edits.put("marked a rollback", n -> n.put("rollback", true));
        edits.forEach((what, edit) ->
                assertThat(verifies(edited(wire, edit), keys)).as(what).isFalse());
    }

    @Test
    void aCanarysShareAndPlanAreSignedLikeEveryField() throws Exception {
        KeyPair keys = SigningKeys.generate(dir);
        byte[] wire = ModelAnnouncementCodec.toJson(AnnouncementSignature.sign(
                ModelAnnouncement.at("k4-1", SHA, "s3://m/k4.pmml", NOW).asCanary(CanaryPlan.of(0.1)),
                keys.getPrivate(),
                "ops-2025"));
        assertThat(verifies(wire, keys)).as("as signed").isTrue();

        Map<String, Consumer<ObjectNode>> edits = new LinkedHashMap<>();
        edits.put("share", n -> ((ObjectNode) n.get("canary")).put("share", 0.9));
        edits.put("promotion time", n -> ((ObjectNode) n.get("canary")).put("promoteAfterMs", 0));
        edits.put("readings", n -> ((ObjectNode) n.get("canary")).put("minReadings", 1));
        edits.put("share margin", n -> ((ObjectNode) n.get("canary")).put("maxShareIncrease", 0.9));
        edits.put("psi margin", n -> ((ObjectNode) n.get("canary")).put("maxPsiIncrease", 9.0));
        edits.put("made active", n -> n.remove(List.of("mode", "canary")));
        edits.forEach((what, edit) ->
                assertThat(verifies(edited(wire, edit), keys)).as(what).isFalse());
    }

    @Test
    void aFieldThisCodeDoesNotKnowIsCoveredToo() throws Exception {
        KeyPair keys = SigningKeys.generate(dir);
        // A message of a later publisher with a field this code does not know, signed by that publisher.
        ObjectNode later = (ObjectNode) Json.mapper()
                .readTree(ModelAnnouncementCodec.toJson(ModelAnnouncement.at("k4-1", SHA, "s3://m/k4.pmml", NOW)));
        later.put("canaryShare", 0.25);
        byte[] unsigned = later.toString().getBytes(StandardCharsets.UTF_8);
        later.put("signature", AnnouncementSignature.sign(payload(unsigned), keys.getPrivate()));
        byte[] wire = later.toString().getBytes(StandardCharsets.UTF_8);

        assertThat(verifies(wire, keys)).isTrue();
        assertThat(verifies(edited(wire, n -> n.put("canaryShare", 1.0)), keys))
                .as("the unknown field changed")
                .isFalse();
        assertThat(verifies(edited(wire, n -> n.remove("canaryShare")), keys))
                .as("the unknown field removed")
                .isFalse();
    }

    @Test
    void keyOrderAndWhitespaceDoNotMatterButNumbersAreSignedAsWritten() throws Exception {
        KeyPair keys = SigningKeys.generate(dir);
        ModelAnnouncement signed = AnnouncementSignature.sign(
                ModelAnnouncement.at("k4-1", SHA, "s3://m/k4.pmml", NOW).withBaseline(BASELINE),
                keys.getPrivate(),
                null);
        ObjectNode tree = (ObjectNode) Json.mapper().readTree(ModelAnnouncementCodec.toJson(signed));
        ObjectNode reversed = Json.mapper().createObjectNode();
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        Collections.reverse(names);
        names.forEach(name -> reversed.set(name, tree.get(name)));
        byte[] pretty = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(reversed);

        assertThat(verifies(pretty, keys)).as("other order, pretty-printed").isTrue();
        String published = "\"publishedAt\":" + NOW;
        assertThat(verifies(
                        new String(pretty, StandardCharsets.UTF_8)
                                .replace("\"publishedAt\" : " + NOW, "\"publishedAt\" : " + NOW + ".0")
                                .getBytes(StandardCharsets.UTF_8),
                        keys))
                .as("the same number written otherwise (" + published + ".0)")
                .isFalse();
    }

    @Test
    void aKeyThatAppearsTwiceIsRefusedAsItIsRead() {
        byte[] twice = ("{\"version\":\"k4-1\",\"version\":\"k4-2\",\"sha256\":\"" + SHA
                        + "\",\"location\":\"s3://m/k4.pmml\",\"publishedAt\":" + NOW + ",\"sequence\":1}")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ModelAnnouncementCodec.fromJson(twice))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"version\" appears twice");
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
        assertThat(AnnouncementSignature.verifies(signed.signed(null, "AAAA"), key))
                .as("garbage")
                .isFalse();
    }

    @Test
    void aSignatureOfTheFirstFormatIsRecognizedButNoLongerVerifies() throws Exception {
        // Made outside this code, over the v1 payload (version and sha256 only), with the committed OpenSSL key:
        // printf 'regime-stream model announcement v1\nversion=k4-1\nsha256=abab..ab\n' > payload
        // openssl pkeyutl -sign -inkey openssl-ed25519.key.pem -rawin -in payload | base64 -w0   (Ed25519 is
        // deterministic)
        String signature = "pS2Aw9Nm6NEBbia8z4vj7lQEpOHwk2P6Rz9cLsxKwvsstI+4oLSblZk7S04qGEZzMaGVv0p8+XT8Fx9TfemsAw==";
        PublicKey publicKey = SigningKeys.readPublicKey(resource("openssl-ed25519.pub.pem"));
        ModelAnnouncement old =
                ModelAnnouncement.at("k4-1", SHA, "s3://m/k4.pmml", NOW).signed(null, signature);

        assertThat(AnnouncementSignature.verifies(old, publicKey)).isFalse();
        assertThat(AnnouncementSignature.signedTheOldWay(old, publicKey)).isTrue();
        assertThat(AnnouncementSignature.signedTheOldWay(
                        old.withMode(ModelAnnouncement.Mode.SHADOW).signed(null, signature), publicKey))
                .as("the v1 signature covered the mode")
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

    private static boolean verifies(byte[] wire, KeyPair keys) {
        return AnnouncementSignature.verifies(ModelAnnouncementCodec.fromJson(wire), keys.getPublic());
    }

    /** What an attacker with write access to the topic can do: edit a signed message and send it again. */
    private static byte[] edited(byte[] wire, Consumer<ObjectNode> edit) {
        ObjectNode tree;
        try {
            tree = (ObjectNode) Json.mapper().readTree(wire);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        edit.accept(tree);
        return tree.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The payload a publisher signs for the unsigned message {@code json}, whatever fields it has. */
    private static byte[] payload(byte[] json) {
        return AnnouncementSignature.payload(ModelAnnouncementCodec.fromJson(json));
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(
                AnnouncementSignatureTest.class.getResource("/signing/" + name).toURI());
    }
}
