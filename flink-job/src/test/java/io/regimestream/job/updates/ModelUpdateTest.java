package io.regimestream.job.updates;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.signing.AnnouncementSignature;
import io.regimestream.common.signing.SigningKeys;
import io.regimestream.model.AnnouncementPolicy;
import io.regimestream.model.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preparing shadow announcements and their promotion as the follower does, off the task thread. */
class ModelUpdateTest {

    @TempDir
    Path dir;

    @Test
    void anActiveAnnouncementOfTheShadowsVersionAndSha256PromotesItWithoutReadingItAgain() throws Exception {
        KeyPair keys = SigningKeys.generate(dir.resolve("keys"));
        Path models = Files.createDirectories(dir.resolve("models"));
        Path pmml = Files.copy(TestModels.second(), models.resolve("model.pmml"));
        AnnouncementPolicy policy = AnnouncementPolicy.of(
                List.of(keys.getPublic()), List.of(models.toUri().toString()));
        ModelAnnouncement byLocation = ModelAnnouncement.at(
                "k3-b",
                TestModels.sha256(Files.readAllBytes(pmml)),
                pmml.toUri().toString(),
                System.currentTimeMillis());
        ModelAnnouncement shadowAnnouncement =
                AnnouncementSignature.sign(byLocation.withMode(ModelAnnouncement.Mode.SHADOW), keys.getPrivate(), null);

        ModelUpdate shadow = prepare(shadowAnnouncement, policy, null, 0);
        assertThat(shadow.isReady()).as(shadow.rejection()).isTrue();
        assertThat(shadow.isShadow()).isTrue();
        LoadedModel held = new LoadedModel(shadow.artifact(), shadow.model());
        Files.delete(pmml); // reading it again would fail now

        ModelUpdate promotion =
                prepare(AnnouncementSignature.sign(byLocation, keys.getPrivate(), null), policy, held, 1);
        ModelUpdate replayed = prepare(
                new ModelAnnouncement(
                        shadowAnnouncement.version(),
                        shadowAnnouncement.sha256(),
                        shadowAnnouncement.location(),
                        null,
                        shadowAnnouncement.publishedAt(),
                        null,
                        shadowAnnouncement.signature(),
                        ModelAnnouncement.Mode.ACTIVE),
                policy,
                held,
                2);
        ModelUpdate withoutShadow =
                prepare(AnnouncementSignature.sign(byLocation, keys.getPrivate(), null), policy, null, 3);

        assertThat(promotion.isReady()).as(promotion.rejection()).isTrue();
        assertThat(promotion.isShadow()).isFalse();
        assertThat(promotion.model()).isSameAs(shadow.model());
        assertThat(promotion.promotes(shadow.artifact())).isTrue();
        assertThat(replayed.isReady())
                .as("the signed shadow replayed as active")
                .isFalse();
        assertThat(replayed.rejection()).contains("signature that does not verify");
        assertThat(withoutShadow.isReady())
                .as("without the shadow it is read, and the file is gone")
                .isFalse();
    }

    private static ModelUpdate prepare(
            ModelAnnouncement a, AnnouncementPolicy policy, LoadedModel shadow, long offset) {
        return ModelUpdate.prepare("models", 0, offset, ModelAnnouncementCodec.toJson(a), policy, shadow);
    }
}
