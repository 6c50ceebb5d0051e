package io.regimestream.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.ShadowReport;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.testing.ExpectedShadowFigures;
import io.regimestream.job.updates.ModelUpdate;
import io.regimestream.job.updates.ModelUpdates;
import io.regimestream.model.AnnouncementPolicy;
import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow models in the scoring operator (Flink's test harness): outputs unchanged while a shadow
 * scores, the figures it reports, promotion between two readings, replacement, rejection and the
 * shadow in checkpoints. Announcements are prepared as the model-topic follower prepares them.
 */
class ScoreReadingsShadowTest {

    private static final Path A = TestModels.committed();
    private static final Path B = TestModels.second();
    private static final String VERSION_A = TestModels.versionOf(A);
    private static final String VERSION_B = TestModels.versionOf(B);
    /** From below model A's coolest regime to above its hottest: both models answer in several regimes. */
    private ModelUpdates decisions = ScoreReadingTest.decisions(AnnouncementPolicy.unsignedInlineOnly());

    private static final double[] TEMPERATURES = {
        38.0, 40.1, 44.0, 46.5, 48.3, 50.0, 52.5, 55.0, 57.0, 59.5, 61.5, 64.0, 66.2, 70.0
    };

    @Test
    void aShadowModelChangesNoOutputOfTheActiveModel() throws Exception {
        List<JobOutput> withShadow;
        List<JobOutput> without;
        try (var h = ScoringHarness.open(A, null)) {
            h.operator.apply(shadow(VERSION_B, B, 0));
            score(h, "press-01");
            withShadow = h.outputs();
        }
        try (var h = ScoringHarness.open(A, null)) {
            score(h, "press-01");
            without = h.outputs();
        }

        assertThat(statuses(withShadow)).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(ModelStatus.Outcome.SHADOWING);
            assertThat(s.version()).isEqualTo(VERSION_B);
            assertThat(s.detail()).contains("scores beside " + VERSION_A, "outputs unchanged");
        });
        // Predictions (but their processing time), regime changes and dead letters: the same, in the same order.
        assertThat(comparable(withShadow)).isNotEmpty().isEqualTo(comparable(without));
        assertThat(predictions(withShadow))
                .allSatisfy(p -> assertThat(p.modelVersion()).isEqualTo(VERSION_A));
    }

    @Test
    void promotionSwitchesBetweenTwoReadingsAndClosesTheFiguresWhichMatchADirectComparison() throws Exception {
        try (var h = ScoringHarness.open(A, null)) {
            h.operator.apply(shadow(VERSION_B, B, 0));
            score(h, "press-01");
            h.operator.apply(update(TestModels.inline(VERSION_B, B), 1));
            score(h, "press-01");

            List<Prediction> predictions = h.predictions();
            assertThat(predictions.subList(0, TEMPERATURES.length))
                    .allSatisfy(p -> assertThat(p.modelVersion()).isEqualTo(VERSION_A));
            assertThat(predictions.subList(TEMPERATURES.length, 2 * TEMPERATURES.length))
                    .allSatisfy(p -> assertThat(p.modelVersion()).isEqualTo(VERSION_B));
            List<ModelStatus> statuses = h.statuses();
            assertThat(statuses)
                    .extracting(ModelStatus::outcome)
                    .containsExactly(
                            ModelStatus.Outcome.SHADOWING,
                            ModelStatus.Outcome.SHADOW_REPORT,
                            ModelStatus.Outcome.ACTIVATED);
            assertThat(statuses.get(2).detail())
                    .startsWith("promoted the shadow model: scoring with")
                    .contains("was " + VERSION_A);
            ShadowReport report = statuses.get(1).shadow();
            assertThat(report.activeVersion()).isEqualTo(VERSION_A);
            assertThat(report.shadowVersion()).isEqualTo(VERSION_B);
            ExpectedShadowFigures expected = ExpectedShadowFigures.direct(A, B, temperatures());
            expected.assertMatches(ExpectedShadowFigures.sum(List.of(report)));
            assertThat(expected.agreements())
                    .as("two genuinely different models")
                    .isBetween(1L, expected.readings() - 1);
        }
    }

    @Test
    void anActiveModelOfAnotherVersionLeavesTheShadowComparedWithTheNewActiveModel() throws Exception {
        try (var h = ScoringHarness.open(A, null)) {
            h.operator.apply(shadow(VERSION_B, B, 0));
            score(h, "press-01");
            h.operator.apply(update(TestModels.inline("a-again", A), 1)); // model A under another version
            score(h, "press-01");
            h.operator.apply(update(TestModels.inline(VERSION_B, B), 2));

            List<ModelStatus> statuses = h.statuses();
            assertThat(statuses)
                    .extracting(s -> s.outcome() + " " + s.version())
                    .containsExactly(
                            "SHADOWING " + VERSION_B,
                            "SHADOW_REPORT " + VERSION_B,
                            "ACTIVATED a-again",
                            "SHADOW_REPORT " + VERSION_B,
                            "ACTIVATED " + VERSION_B);
            assertThat(statuses.get(2).detail()).contains("shadow " + VERSION_B + " now compared with it");
            assertThat(statuses.get(1).shadow().activeVersion()).isEqualTo(VERSION_A);
            assertThat(statuses.get(3).shadow().activeVersion()).isEqualTo("a-again");
            ExpectedShadowFigures.direct(A, B, temperatures())
                    .assertMatches(
                            ExpectedShadowFigures.sum(List.of(statuses.get(3).shadow())));
            assertThat(statuses.get(4).detail()).startsWith("promoted the shadow model");
        }
    }

    @Test
    void aNewShadowReplacesTheOldOneAndARejectedShadowChangesNothing() throws Exception {
        try (var h = ScoringHarness.open(A, null)) {
            h.operator.apply(shadow(VERSION_B, B, 0));
            score(h, "press-01");
            h.operator.apply(shadow("a-shadow", A, 1));
            h.operator.apply(update(
                    TestModels.inline("corrupt", "<PMML>truncated".getBytes(StandardCharsets.UTF_8))
                            .withMode(ModelAnnouncement.Mode.SHADOW),
                    2));
            score(h, "press-01");
            h.operator.apply(update(TestModels.inline("a-shadow", A), 3));

            List<ModelStatus> statuses = h.statuses();
            assertThat(statuses)
                    .extracting(s -> s.outcome() + " " + s.version())
                    .containsExactly(
                            "SHADOWING " + VERSION_B,
                            "SHADOW_REPORT " + VERSION_B,
                            "SHADOWING a-shadow",
                            "REJECTED corrupt",
                            "SHADOW_REPORT a-shadow",
                            "ACTIVATED a-shadow");
            assertThat(statuses.get(2).detail()).contains("replaces shadow " + VERSION_B);
            assertThat(statuses.get(3).detail())
                    .contains(
                            "shadow model: ",
                            "is not a valid PMML document",
                            "still scoring with " + VERSION_A + ", shadow still a-shadow");
            ShadowReport same = statuses.get(4).shadow();
            assertThat(same.agreements())
                    .as("A beside A")
                    .isEqualTo(same.readings())
                    .isEqualTo(TEMPERATURES.length);
            assertThat(same.meanAbsProbabilityDifference()).isZero();
            assertThat(h.predictions())
                    .allSatisfy(p -> assertThat(p.modelVersion()).isEqualTo(VERSION_A));
        }
    }

    @Test
    void aRestoredTaskKeepsShadowingAndCanPromoteWithoutTheAnnouncementOfTheShadow(@TempDir Path dir) throws Exception {
        Path modelB = Files.copy(B, dir.resolve("model.pmml"));
        decisions = ScoreReadingTest.decisions(ScoreReadingTest.allowing(dir));
        ModelAnnouncement byLocation = ModelAnnouncement.at(
                VERSION_B,
                TestModels.sha256(Files.readAllBytes(modelB)),
                modelB.toUri().toString(),
                System.currentTimeMillis());
        OperatorSubtaskState checkpoint;
        ModelUpdate shadowing;
        try (var h = ScoringHarness.open(A, null)) {
            shadowing = update(byLocation.withMode(ModelAnnouncement.Mode.SHADOW), 0);
            h.operator.apply(shadowing);
            score(h, "press-01");
            checkpoint = h.snapshot(1);
        }
        try (var restored = ScoringHarness.open(A, checkpoint)) {
            score(restored, "press-02");
            // the restored task's follower knows its shadow, so an active announcement of it promotes it
            decisions = new ModelUpdates(
                    ScoreReadingTest.allowing(dir),
                    System.currentTimeMillis(),
                    0,
                    null,
                    shadowing.loaded(),
                    ModelUpdates.WORK_LIMIT);
            Files.delete(modelB); // a promotion reads nothing
            restored.operator.apply(update(byLocation.withSequence(ModelAnnouncement.nextSequence()), 1));
            score(restored, "press-02");

            List<ModelStatus> statuses = restored.statuses();
            assertThat(statuses)
                    .extracting(ModelStatus::outcome)
                    .containsExactly(ModelStatus.Outcome.SHADOW_REPORT, ModelStatus.Outcome.ACTIVATED);
            // Counted since the restore: the readings before the checkpoint were reported (or are replayed) by the job.
            ExpectedShadowFigures.direct(A, B, temperatures())
                    .assertMatches(
                            ExpectedShadowFigures.sum(List.of(statuses.get(0).shadow())));
            List<Prediction> predictions = restored.predictions();
            assertThat(predictions.subList(0, TEMPERATURES.length))
                    .allSatisfy(p -> assertThat(p.modelVersion()).isEqualTo(VERSION_A));
            assertThat(predictions.subList(TEMPERATURES.length, 2 * TEMPERATURES.length))
                    .allSatisfy(p -> assertThat(p.modelVersion()).isEqualTo(VERSION_B));
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void score(ScoringHarness h, String machine) throws Exception {
        for (int i = 0; i < TEMPERATURES.length; i++) {
            h.send(new Reading(machine, 1_764_213_600_000L + i, TEMPERATURES[i]));
        }
    }

    private static List<Double> temperatures() {
        List<Double> all = new ArrayList<>();
        for (double t : TEMPERATURES) {
            all.add(t);
        }
        return all;
    }

    private ModelUpdate shadow(String version, Path pmml, long offset) {
        return update(TestModels.inline(version, pmml).withMode(ModelAnnouncement.Mode.SHADOW), offset);
    }

    /** {@code announcement} decided by the follower of the task under test, which has seen every one before. */
    private ModelUpdate update(ModelAnnouncement announcement, long offset) {
        return decisions.prepare("models", 0, offset, ModelAnnouncementCodec.toJson(announcement));
    }

    private static List<ModelStatus> statuses(List<JobOutput> outputs) {
        return outputs.stream()
                .filter(o -> o.kind() == JobOutput.Kind.MODEL_STATUS)
                .map(JobOutput::modelStatus)
                .toList();
    }

    private static List<Prediction> predictions(List<JobOutput> outputs) {
        return outputs.stream()
                .filter(o -> o.kind() == JobOutput.Kind.PREDICTION)
                .map(o -> o.prediction().prediction())
                .toList();
    }

    /** Every output but model statuses, with the prediction's processing time left out (it differs from run to run). */
    private static List<String> comparable(List<JobOutput> outputs) {
        return outputs.stream()
                .filter(o -> o.kind() != JobOutput.Kind.MODEL_STATUS)
                .map(o -> switch (o.kind()) {
                    case PREDICTION -> {
                        Prediction p = o.prediction().prediction();
                        yield new String(
                                PredictionCodec.toJson(new Prediction(
                                        p.machineId(),
                                        p.timestamp(),
                                        p.temperature(),
                                        p.regime(),
                                        p.confidence(),
                                        p.probabilities(),
                                        p.modelVersion(),
                                        0,
                                        p.lowConfidence())),
                                StandardCharsets.UTF_8);
                    }
                    case REGIME_CHANGE -> o.regimeChange().toString();
                    default -> o.toString();
                })
                .toList();
    }
}
