package io.regimestream.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RejectReason;
import io.regimestream.job.testing.ExpectedRegimes;
import io.regimestream.job.updates.LoadedModel;
import io.regimestream.job.updates.ModelIdentity;
import io.regimestream.job.updates.ModelUpdate;
import io.regimestream.job.updates.ModelUpdates;
import io.regimestream.model.AnnouncementPolicy;
import io.regimestream.model.RegimeModel;
import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring operator's model swap, rejection, checkpointed model and low-confidence flag, in
 * Flink's test harness; announcements are prepared as the model-topic follower prepares them.
 */
class ScoreReadingTest {

    private static final Path A = TestModels.committed();
    private static final Path B = TestModels.second();
    private static final double[] TEMPERATURES = {40.1, 44.0, 48.3, 52.5, 57.0, 61.5, 66.2};

    @Test
    void switchesToAnAnnouncedModelBetweenTwoReadingsAndReportsIt() throws Exception {
        try (var h = ScoringHarness.open(A, null)) {
            score(h);
            h.operator.apply(update(TestModels.inline(TestModels.versionOf(B), B), 0));
            score(h);

            List<Prediction> predictions = h.predictions();
            int half = TEMPERATURES.length;
            assertVersionAndRegimes(predictions.subList(0, half), TestModels.versionOf(A), A);
            assertVersionAndRegimes(predictions.subList(half, 2 * half), TestModels.versionOf(B), B);
            assertThat(h.statuses()).singleElement().satisfies(s -> {
                assertThat(s.outcome()).isEqualTo(ModelStatus.Outcome.ACTIVATED);
                assertThat(s.version()).isEqualTo(TestModels.versionOf(B));
                assertThat(s.task()).isEqualTo("score-regime 1/1");
            });
        }
    }

    @Test
    void aRollbackSaysSoInItsStatus() throws Exception {
        try (var h = ScoringHarness.open(A, null)) {
            ModelUpdates decisions = decisions(AnnouncementPolicy.unsignedInlineOnly());
            h.operator.apply(decisions.prepare(
                    "models", 0, 0, ModelAnnouncementCodec.toJson(TestModels.inline(TestModels.versionOf(B), B))));
            h.operator.apply(decisions.prepare(
                    "models",
                    0,
                    1,
                    ModelAnnouncementCodec.toJson(
                            TestModels.inline("a-again", Files.readAllBytes(A)).asRollback())));

            assertThat(h.statuses())
                    .extracting(ModelStatus::detail)
                    .satisfiesExactly(
                            first -> assertThat(first).startsWith("scoring with"),
                            rollback -> assertThat(rollback)
                                    .startsWith("rolled back, as announced: scoring with")
                                    .contains("(was " + TestModels.versionOf(B) + ")"));
        }
    }

    @Test
    void aModelThatFailsACheckIsRejectedAndScoringContinuesWithTheCurrentOne() throws Exception {
        try (var h = ScoringHarness.open(A, null)) {
            h.operator.apply(
                    update(TestModels.inline("corrupt", "<PMML>truncated".getBytes(StandardCharsets.UTF_8)), 0));
            h.operator.apply(update(TestModels.inline("pressure", TestModels.wrongInputField()), 1));
            h.operator.apply(decisions(AnnouncementPolicy.unsignedInlineOnly())
                    .prepare("models", 0, 2, "{\"version\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
            score(h);

            assertVersionAndRegimes(h.predictions(), TestModels.versionOf(A), A);
            List<ModelStatus> statuses = h.statuses();
            assertThat(statuses)
                    .extracting(s -> s.version() + " " + s.outcome())
                    .containsExactly("corrupt REJECTED", "pressure REJECTED", " REJECTED");
            assertThat(statuses.get(0).detail())
                    .contains("is not a valid PMML document", "still scoring with " + TestModels.versionOf(A));
            assertThat(statuses.get(1).detail()).contains("has input fields [pressure]");
            assertThat(statuses.get(2).detail()).contains("not a model announcement", "\"sha256\"");
            assertThat(statuses.get(2).source()).isEqualTo("models-0@2");
        }
    }

    @Test
    void aRestoredTaskReadsTheModelOfItsCheckpointAgainAndScoresWithItNotWithTheStartUpModel(@TempDir Path dir)
            throws Exception {
        Path modelB = Files.copy(B, dir.resolve("model.pmml"));
        ModelAnnouncement byLocation = ModelAnnouncement.at(
                TestModels.versionOf(B),
                TestModels.sha256(Files.readAllBytes(modelB)),
                modelB.toUri().toString(),
                System.currentTimeMillis());
        OperatorSubtaskState checkpoint;
        try (var h = ScoringHarness.open(A, null)) {
            h.operator.apply(
                    decisions(allowing(dir)).prepare("models", 0, 0, ModelAnnouncementCodec.toJson(byLocation)));
            checkpoint = h.snapshot(1);
        }
        try (var restored = ScoringHarness.open(A, checkpoint)) {
            score(restored);
            assertVersionAndRegimes(restored.predictions(), TestModels.versionOf(B), B);
            assertThat(restored.statuses()).isEmpty();
        }

        Files.writeString(modelB, Files.readString(modelB) + "\n<!-- changed since -->\n");
        try (var restored = ScoringHarness.open(A, checkpoint)) {
            score(restored);
            assertVersionAndRegimes(restored.predictions(), TestModels.versionOf(A), A);
            assertThat(restored.statuses())
                    .as("a model whose bytes changed since it was verified is not scored with")
                    .singleElement()
                    .satisfies(s -> {
                        assertThat(s.outcome()).isEqualTo(ModelStatus.Outcome.REJECTED);
                        assertThat(s.detail()).contains("restoring from the checkpoint", "no longer has the sha256");
                    });
        }
    }

    @Test
    void aCheckpointedModelThatNoLongerLoadsFallsBackToTheStartUpModel() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var h = ScoringHarness.open(A, null)) {
            // As if the checkpoint came from a job whose JPMML still read these bytes (kept whole, as older jobs did).
            byte[] unreadable = "<PMML>no longer loads".getBytes(StandardCharsets.UTF_8);
            ModelIdentity stale = new ModelIdentity(
                    "stale",
                    TestModels.sha256(unreadable),
                    "inline PMML of stale",
                    1,
                    null,
                    new ModelIdentity.Embedded(unreadable),
                    null);
            h.operator.apply(new ModelUpdate(
                    ModelUpdate.Decision.READY,
                    "stale",
                    stale.source(),
                    ModelAnnouncement.Mode.ACTIVE,
                    new LoadedModel(stale, RegimeModel.load(B.toString())),
                    null,
                    false,
                    false,
                    false,
                    null,
                    0,
                    0));
            checkpoint = h.snapshot(1);
        }
        try (var restored = ScoringHarness.open(A, checkpoint)) {
            score(restored);
            assertVersionAndRegimes(restored.predictions(), TestModels.versionOf(A), A);
        }
    }

    @Test
    void predictionsBelowTheConfidenceThresholdAreFlagged() throws Exception {
        try (var h = ScoringHarness.open(A, 0.99, 3, null, null, 1, 0)) {
            score(h);
            List<Prediction> predictions = h.predictions();
            assertThat(predictions)
                    .allSatisfy(p -> assertThat(p.lowConfidence()).isEqualTo(p.confidence() < 0.99));
            assertThat(predictions).anyMatch(Prediction::lowConfidence).anyMatch(p -> !p.lowConfidence());
        }
    }

    @Test
    void aBadRecordIsADeadLetterWithItsReasonAndTheOriginalBytes() throws Exception {
        try (var h = ScoringHarness.open(A, null)) {
            h.send("not json".getBytes(StandardCharsets.UTF_8));
            h.send(new Reading("press-01", 1_764_213_600_000L, 999.0));
            assertThat(h.deadLetters())
                    .extracting(d -> d.reason())
                    .containsExactly(RejectReason.NOT_JSON, RejectReason.OUT_OF_RANGE);
            assertThat(new String(h.deadLetters().get(0).payload(), StandardCharsets.UTF_8))
                    .isEqualTo("not json");
            assertThat(h.predictions()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void score(ScoringHarness h) throws Exception {
        for (int i = 0; i < TEMPERATURES.length; i++) {
            h.send(new Reading("press-01", 1_764_213_600_000L + i, TEMPERATURES[i]));
        }
    }

    private static ModelUpdate update(ModelAnnouncement announcement, long offset) {
        return decisions(AnnouncementPolicy.unsignedInlineOnly())
                .prepare("models", 0, offset, ModelAnnouncementCodec.toJson(announcement));
    }

    /** What the follower of a task without announced models decides. */
    static ModelUpdates decisions(AnnouncementPolicy policy) {
        return new ModelUpdates(policy, System.currentTimeMillis(), 0, null, null, ModelUpdates.WORK_LIMIT);
    }

    static AnnouncementPolicy allowing(Path dir) {
        return AnnouncementPolicy.of(List.of(), List.of(dir.toUri().toString()));
    }

    private static void assertVersionAndRegimes(List<Prediction> predictions, String version, Path model)
            throws Exception {
        ExpectedRegimes regimes = new ExpectedRegimes(model);
        assertThat(predictions).hasSize(TEMPERATURES.length).allSatisfy(p -> {
            assertThat(p.modelVersion()).isEqualTo(version);
            assertThat(p.regime()).as("regime of %s", p.temperature()).isEqualTo(regimes.regimeOf(p.temperature()));
        });
    }
}
