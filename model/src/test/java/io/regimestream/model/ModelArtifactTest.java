package io.regimestream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.signing.AnnouncementSignature;
import io.regimestream.common.signing.SigningKeys;
import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelArtifact#fetch} under an {@link AnnouncementPolicy}: every check an announcement gets, whoever fetches. */
class ModelArtifactTest {

    @TempDir
    Path dir;

    private KeyPair publisher;
    private KeyPair stranger;
    private Path models;
    private byte[] pmml;

    @BeforeEach
    void keysAndModels() throws Exception {
        publisher = SigningKeys.generate(dir.resolve("publisher"));
        stranger = SigningKeys.generate(dir.resolve("stranger"));
        models = Files.createDirectories(dir.resolve("models"));
        pmml = Files.readAllBytes(TestModels.second());
        Files.write(models.resolve("model.pmml"), pmml);
    }

    @Test
    void aSignedInlineOrAllowedLocationModelIsFetched() throws Exception {
        AnnouncementPolicy policy = policy(List.of(models.toUri().toString()));

        ModelArtifact inline = ModelArtifact.fetch(signed(TestModels.inline("k3-a", pmml)), policy);
        ModelArtifact byLocation = ModelArtifact.fetch(signed(at("k3-b", "model.pmml")), policy);

        assertThat(inline.pmml()).isEqualTo(pmml);
        assertThat(byLocation.pmml()).isEqualTo(pmml);
        assertThat(byLocation.version()).isEqualTo("k3-b");
    }

    @Test
    void withAKeyConfiguredUnsignedWronglySignedOrAlteredAnnouncementsAreRejected() {
        AnnouncementPolicy policy = policy(List.of());
        ModelAnnouncement announcement = TestModels.inline("k3-a", pmml);
        ModelAnnouncement signed = signed(announcement);

        assertThatThrownBy(() -> ModelArtifact.fetch(announcement, policy))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("is not signed");
        assertThatThrownBy(() -> ModelArtifact.fetch(
                        AnnouncementSignature.sign(announcement, stranger.getPrivate(), null), policy))
                .hasMessageContaining("signature that does not verify");
        assertThatThrownBy(() ->
                        ModelArtifact.fetch(TestModels.tampered(signed, json -> json.put("version", "k3-b")), policy))
                .as("version changed after signing")
                .hasMessageContaining("signature that does not verify");
        assertThatThrownBy(() -> ModelArtifact.fetch(
                        AnnouncementSignature.sign(
                                announcement, stranger.getPrivate(), SigningKeys.keyId(stranger.getPublic())),
                        policy))
                .hasMessageContaining("which this job does not trust");
    }

    @Test
    void aSignedShadowAnnouncementReplayedAsActiveIsRejected() {
        AnnouncementPolicy policy = policy(List.of());
        ModelAnnouncement shadow = signed(TestModels.inline("k3-a", pmml).withMode(ModelAnnouncement.Mode.SHADOW));
        ModelAnnouncement replayed = TestModels.tampered(shadow, json -> json.remove("mode"));

        assertThat(ModelArtifact.fetch(shadow, policy).pmml()).isEqualTo(pmml);
        assertThatThrownBy(() -> ModelArtifact.fetch(replayed, policy))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("signature that does not verify");
    }

    @Test
    void aModelReadAgainAfterARestoreMustStillHaveItsSha256() throws Exception {
        AnnouncementPolicy policy = policy(List.of(models.toUri().toString()));
        ModelArtifact fetched = ModelArtifact.fetch(signed(at("k3-b", "model.pmml")), policy);
        byte[] again = Files.readAllBytes(models.resolve("model.pmml"));

        assertThat(fetched.location())
                .isEqualTo(models.resolve("model.pmml").toUri().toString());
        assertThat(ModelArtifact.verified("k3-b", "src", fetched.sha256(), again, null, fetched.location())
                        .pmml())
                .isEqualTo(again);
        assertThatThrownBy(() -> ModelArtifact.verified(
                        "k3-b", "src", fetched.sha256(), "<PMML/>".getBytes(), null, fetched.location()))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("no longer has the sha256 " + fetched.sha256());
    }

    @Test
    void anAnnouncementSignedTheOldWayIsRejectedSayingSo() throws Exception {
        AnnouncementPolicy policy = policy(List.of());
        ModelAnnouncement announcement = TestModels.inline("k3-a", pmml);
        // The first format signed only "regime-stream model announcement v1\nversion=..\nsha256=..\n".
        Signature v1 = Signature.getInstance("Ed25519");
        v1.initSign(publisher.getPrivate());
        v1.update(("regime-stream model announcement v1\nversion=k3-a\nsha256=" + announcement.sha256() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        ModelAnnouncement signedTheOldWay =
                announcement.signed(null, Base64.getEncoder().encodeToString(v1.sign()));

        assertThatThrownBy(() -> ModelArtifact.fetch(signedTheOldWay, policy))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("is signed the old way")
                .hasMessageContaining("publish the model again");
    }

    @Test
    void withoutAKeyUnsignedInlineModelsAreAcceptedButNoLocation() {
        AnnouncementPolicy open = AnnouncementPolicy.unsignedInlineOnly();

        assertThat(open.authenticates()).isFalse();
        assertThat(ModelArtifact.fetch(TestModels.inline("k3-a", pmml), open).pmml())
                .isEqualTo(pmml);
        assertThatThrownBy(() -> ModelArtifact.fetch(at("k3-b", "model.pmml"), open))
                .hasMessageContaining("reads announced models only inline")
                .hasMessageContaining("--model-location-allow");
    }

    @Test
    void locationsOutsideTheAllowListAreRejectedBeforeAnythingIsRead() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "top secret");
        AnnouncementPolicy policy = policy(List.of(models.toUri().toString()));
        String escape = models.toUri() + "..%2fsecret.txt";

        for (String location : List.of(
                secret.toUri().toString(),
                models.toUri() + "../secret.txt",
                escape,
                models.toUri().toString().replaceAll("/$", "") + "-other/model.pmml")) {
            ModelAnnouncement a = signed(ModelAnnouncement.at(
                    "k3-x",
                    TestModels.sha256("top secret".getBytes(StandardCharsets.UTF_8)),
                    location,
                    System.currentTimeMillis()));
            assertThatThrownBy(() -> ModelArtifact.fetch(a, policy))
                    .as(location)
                    .isInstanceOf(ModelException.class)
                    .hasMessageContaining("is not under a location this job may read models from");
        }
    }

    @Test
    void aWrongSha256IsRejectedWithoutTellingTheComputedOne() throws Exception {
        Path secret = Files.writeString(models.resolve("secret.txt"), "top secret");
        String actual = TestModels.sha256(Files.readAllBytes(secret));
        AnnouncementPolicy policy = policy(List.of(models.toUri().toString()));
        ModelAnnouncement guess = signed(
                ModelAnnouncement.at("k3-x", "00".repeat(32), secret.toUri().toString(), System.currentTimeMillis()));

        assertThatThrownBy(() -> ModelArtifact.fetch(guess, policy))
                .hasMessageContaining("does not have the sha256 announced for version k3-x")
                .hasMessageNotContaining(actual);
    }

    @Test
    void invalidFieldsAndOversizeInlineModelsAreRejectedEvenIfBuiltWithoutTheCodec() {
        AnnouncementPolicy open = AnnouncementPolicy.unsignedInlineOnly();
        byte[] huge = new byte[ModelAnnouncement.MAX_INLINE_PMML_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');

        assertThatThrownBy(() -> ModelArtifact.fetch(TestModels.inline("k3\nx", pmml), open))
                .hasMessageContaining("\"version\" must be")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ModelArtifact.fetch(TestModels.inline("k3-big", huge), open))
                .hasMessageContaining("inline \"pmml\" is " + huge.length + " bytes");
    }

    @Test
    void thePolicyTravelsToTheTaskManagersWithItsKeys() throws Exception {
        AnnouncementPolicy policy = policy(List.of(models.toUri().toString()));
        AnnouncementPolicy copy = InstantiationUtil.clone(policy);

        assertThat(ModelArtifact.fetch(signed(at("k3-b", "model.pmml")), copy).pmml())
                .isEqualTo(pmml);
        assertThatThrownBy(() -> ModelArtifact.fetch(TestModels.inline("k3-a", pmml), copy))
                .hasMessageContaining("is not signed");
    }

    @Test
    void aCheckpointedModelWhoseVersionCouldNotBeATagDoesNotLoad() {
        // Accepted by an older job and kept in its checkpoint: loading it must fail (the task then falls back to
        // --model),
        // not fail every InfluxDB write after every restart.
        ModelArtifact old = new ModelArtifact("k3\\", "inline PMML of k3", TestModels.sha256(pmml), pmml);

        assertThatThrownBy(() -> RegimeModel.load(old))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("\"version\" must be 1 to 64");
    }

    private AnnouncementPolicy policy(List<String> locations) {
        return AnnouncementPolicy.of(List.of(publisher.getPublic()), locations);
    }

    private ModelAnnouncement signed(ModelAnnouncement a) {
        return AnnouncementSignature.sign(a, publisher.getPrivate(), null);
    }

    private ModelAnnouncement at(String version, String file) {
        return ModelAnnouncement.at(
                version, TestModels.sha256(pmml), models.resolve(file).toUri().toString(), System.currentTimeMillis());
    }
}
