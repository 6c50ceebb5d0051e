package io.regimestream.job.updates;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.signing.AnnouncementSignature;
import io.regimestream.common.signing.SigningKeys;
import io.regimestream.model.AnnouncementPolicy;
import io.regimestream.model.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the follower decides for each announcement, off the task thread: promotion without reading
 * again, replays refused by the sequence, identical re-announcements changing nothing, and models
 * that could fail a task (nested too deeply, a location that never answers) rejected.
 */
class ModelUpdatesTest {

    private static final DriftBaseline BASELINE = new DriftBaseline(
            new ModelMetadata.TrainingDistribution(100, 30, 80, new double[] {35, 40, 45, 50, 55, 60, 65, 70, 75}),
            List.of(),
            null);

    @TempDir
    Path dir;

    private KeyPair keys;
    private Path models;
    private Path pmml;
    private AnnouncementPolicy policy;
    private long offset;

    @BeforeEach
    void setUp() throws Exception {
        keys = SigningKeys.generate(dir.resolve("keys"));
        models = Files.createDirectories(dir.resolve("models"));
        pmml = Files.copy(TestModels.second(), models.resolve("model.pmml"));
        policy = AnnouncementPolicy.of(
                List.of(keys.getPublic()), List.of(models.toUri().toString()));
    }

    @Test
    void anActiveAnnouncementOfTheShadowsVersionAndSha256PromotesItWithoutReadingItAgain() throws Exception {
        ModelUpdates decisions =
                new ModelUpdates(policy, System.currentTimeMillis(), 0, null, null, ModelUpdates.WORK_LIMIT);
        ModelAnnouncement byLocation = byLocation("k3-b").withBaseline(BASELINE);

        ModelUpdate shadow = prepare(decisions, signed(byLocation.withMode(ModelAnnouncement.Mode.SHADOW)));
        assertThat(shadow.isReady()).as(shadow.detail()).isTrue();
        assertThat(shadow.isShadow()).isTrue();
        Files.delete(pmml); // reading it again would fail now

        ModelUpdate promotion = prepare(
                decisions, signed(byLocation.withBaseline(null).withSequence(ModelAnnouncement.nextSequence())));
        assertThat(promotion.isReady()).as(promotion.detail()).isTrue();
        assertThat(promotion.promotion()).isTrue();
        assertThat(promotion.loaded().model().version()).isEqualTo("k3-b");
        assertThat(promotion.loaded().model().driftBaseline())
                .as("announced without a baseline: the shadow's is kept")
                .contains(BASELINE);
        ModelUpdate again = prepare(
                new ModelUpdates(policy, System.currentTimeMillis(), 0, null, null, ModelUpdates.WORK_LIMIT),
                signed(byLocation.withSequence(ModelAnnouncement.nextSequence())));
        assertThat(again.decision())
                .as("without the shadow it is read, and the file is gone")
                .isEqualTo(ModelUpdate.Decision.REJECTED);
    }

    @Test
    void anOlderAnnouncementSentAgainIsRefusedButAnIdenticalOneChangesNothing() throws Exception {
        ModelUpdates decisions =
                new ModelUpdates(policy, System.currentTimeMillis(), 0, null, null, ModelUpdates.WORK_LIMIT);
        ModelAnnouncement v1 = signed(TestModels.inline("k3-v1", pmml).withBaseline(BASELINE));
        ModelAnnouncement v3 = signed(TestModels.inline("k3-v3", pmml));

        assertThat(prepare(decisions, v1).isReady()).isTrue();
        assertThat(prepare(decisions, v3).isReady()).isTrue();
        ModelUpdate replayed = prepare(decisions, v1);
        ModelUpdate identical = prepare(decisions, v3);
        ModelUpdate republished = prepare(decisions, signed(v3.withSequence(ModelAnnouncement.nextSequence())));
        ModelUpdate rollback = prepare(
                decisions,
                signed(v1.withSequence(ModelAnnouncement.nextSequence()).asRollback()));

        assertThat(replayed.decision()).isEqualTo(ModelUpdate.Decision.REJECTED);
        assertThat(replayed.detail())
                .contains("has sequence " + v1.sequence() + ", not above " + v3.sequence(), "a replay");
        assertThat(replayed.announcementProblem()).isTrue();
        assertThat(identical.decision()).isEqualTo(ModelUpdate.Decision.UNCHANGED);
        assertThat(identical.detail()).contains("nothing changes, drift windows kept");
        assertThat(republished.decision())
                .as("the same model under a new sequence")
                .isEqualTo(ModelUpdate.Decision.UNCHANGED);
        assertThat(rollback.isReady())
                .as("an older model published again: a new announcement, a new sequence")
                .isTrue();
        assertThat(rollback.rollback()).as("it says so").isTrue();
        assertThat(decisions.lastSequence())
                .isEqualTo(rollback.loaded().identity().sequence());
    }

    @Test
    void anAnnouncementPublishedWellBeforeTheJobFirstFollowedTheTopicIsAReplay() throws Exception {
        long firstStart = System.currentTimeMillis();
        ModelUpdates decisions = new ModelUpdates(policy, firstStart, 0, null, null, ModelUpdates.WORK_LIMIT);
        byte[] pmmlB = Files.readAllBytes(pmml);
        ModelAnnouncement anHourOld =
                signed(ModelAnnouncement.inline("k3-old", TestModels.sha256(pmmlB), pmmlB, firstStart - 3_600_000));
        ModelAnnouncement aMinuteOld =
                signed(ModelAnnouncement.inline("k3-skewed", TestModels.sha256(pmmlB), pmmlB, firstStart - 60_000));

        ModelUpdate old = prepare(decisions, anHourOld);
        assertThat(old.decision()).isEqualTo(ModelUpdate.Decision.REJECTED);
        assertThat(old.detail()).contains("before this job first started following the control topic", "a replay");
        assertThat(prepare(decisions, aMinuteOld).isReady())
                .as("a publisher's clock a minute behind")
                .isTrue();
    }

    @Test
    void theSameModelWithAnotherSignedBaselineIsTakenWithoutLoadingItAgain() throws Exception {
        ModelUpdates decisions =
                new ModelUpdates(policy, System.currentTimeMillis(), 0, null, null, ModelUpdates.WORK_LIMIT);
        ModelAnnouncement announced = byLocation("k3-b");
        ModelUpdate first = prepare(decisions, signed(announced));
        Files.delete(pmml);

        ModelUpdate rebased = prepare(
                decisions, signed(announced.withBaseline(BASELINE).withSequence(ModelAnnouncement.nextSequence())));

        assertThat(rebased.isReady()).as(rebased.detail()).isTrue();
        assertThat(rebased.loaded().model().driftBaseline()).contains(BASELINE);
        assertThat(rebased.loaded().identity().origin())
                .isEqualTo(first.loaded().identity().origin());
    }

    @Test
    void aModelNestedTooDeeplyIsRejectedAndAGoodOneAfterItIsReady() throws Exception {
        ModelUpdates decisions =
                new ModelUpdates(policy, System.currentTimeMillis(), 0, null, null, ModelUpdates.WORK_LIMIT);

        ModelUpdate deep = prepare(decisions, signed(TestModels.inline("deep", TestModels.deeplyNested(3_000))));
        ModelUpdate good = prepare(decisions, signed(TestModels.inline("k3-b", pmml)));

        assertThat(deep.decision()).isEqualTo(ModelUpdate.Decision.REJECTED);
        assertThat(deep.detail()).contains("nests elements more than");
        assertThat(good.isReady()).as(good.detail()).isTrue();
    }

    @Test
    void aLocationThatNeverAnswersIsGivenUpAfterTheTimeLimit() throws Exception {
        Path fifo = models.resolve("never.pmml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        ModelUpdates decisions =
                new ModelUpdates(policy, System.currentTimeMillis(), 0, null, null, Duration.ofSeconds(2));
        try {
            long started = System.nanoTime();
            ModelUpdate hung = prepare(
                    decisions,
                    signed(ModelAnnouncement.at(
                            "never", "ab".repeat(32), fifo.toUri().toString(), System.currentTimeMillis())));

            assertThat(hung.decision()).isEqualTo(ModelUpdate.Decision.REJECTED);
            assertThat(hung.detail()).contains("took longer than 2 s and was given up");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            assertThat(prepare(decisions, signed(TestModels.inline("k3-b", pmml)))
                            .isReady())
                    .as("the next announcement is decided")
                    .isTrue();
        } finally {
            Files.write(fifo, new byte[0]); // lets the abandoned read end
        }
    }

    private ModelUpdate prepare(ModelUpdates decisions, ModelAnnouncement a) {
        return decisions.prepare("models", 0, offset++, ModelAnnouncementCodec.toJson(a));
    }

    private ModelAnnouncement signed(ModelAnnouncement a) {
        return AnnouncementSignature.sign(a, keys.getPrivate(), null);
    }

    private ModelAnnouncement byLocation(String version) throws Exception {
        return ModelAnnouncement.at(
                version,
                TestModels.sha256(Files.readAllBytes(pmml)),
                pmml.toUri().toString(),
                System.currentTimeMillis());
    }
}
