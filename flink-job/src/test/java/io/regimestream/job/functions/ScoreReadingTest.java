package io.regimestream.job.functions;

import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.job.model.AnnouncementPolicy;
import io.regimestream.job.model.ModelArtifact;
import io.regimestream.job.records.KafkaRecord;
import io.regimestream.job.records.ScoredReading;
import io.regimestream.job.records.ValidReading;
import io.regimestream.job.testing.ExpectedRegimes;
import io.regimestream.job.testing.TestModels;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The scoring function's model swap, rejection, checkpointed model and low-confidence flag, in Flink's test harness. */
class ScoreReadingTest {

    private static final Path A = TestModels.committed();
    private static final Path B = TestModels.second();
    private static final double[] TEMPERATURES = {40.1, 44.0, 48.3, 52.5, 57.0, 61.5, 66.2};

    @Test
    void switchesToABroadcastModelBetweenTwoReadingsAndReportsIt() throws Exception {
        try (var harness = open(new ScoreReading(A.toString(), 0.0), null)) {
            score(harness, 0);
            harness.processBroadcastElement(artifact(TestModels.versionOf(B), B), 1);
            score(harness, 2);

            List<Prediction> predictions = predictions(harness);
            int half = TEMPERATURES.length;
            assertVersionAndRegimes(predictions.subList(0, half), TestModels.versionOf(A), A);
            assertVersionAndRegimes(predictions.subList(half, 2 * half), TestModels.versionOf(B), B);
            assertThat(statuses(harness)).singleElement().satisfies(s -> {
                assertThat(s.outcome()).isEqualTo(ModelStatus.Outcome.ACTIVATED);
                assertThat(s.version()).isEqualTo(TestModels.versionOf(B));
                assertThat(s.task()).isEqualTo("score-regime 1/1");
            });
        }
    }

    @Test
    void aModelThatFailsACheckIsRejectedAndScoringContinuesWithTheCurrentOne() throws Exception {
        try (var harness = open(new ScoreReading(A.toString(), 0.0), null)) {
            harness.processBroadcastElement(artifact("corrupt", "<PMML>truncated".getBytes(StandardCharsets.UTF_8)), 0);
            harness.processBroadcastElement(artifact("pressure", TestModels.wrongInputField()), 1);
            score(harness, 2);

            assertVersionAndRegimes(predictions(harness), TestModels.versionOf(A), A);
            assertThat(statuses(harness)).extracting(s -> s.version() + " " + s.outcome()).containsExactly(
                    "corrupt REJECTED", "pressure REJECTED");
            assertThat(statuses(harness).get(0).detail()).contains("is not a valid PMML document", "still scoring with "
                    + TestModels.versionOf(A));
            assertThat(statuses(harness).get(1).detail()).contains("has input fields [pressure]");
        }
    }

    @Test
    void aRestoredTaskScoresWithTheModelInItsCheckpointNotWithTheStartUpModel() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var harness = open(new ScoreReading(A.toString(), 0.0), null)) {
            harness.processBroadcastElement(artifact(TestModels.versionOf(B), B), 0);
            checkpoint = harness.snapshot(1, 1);
        }
        try (var restored = open(new ScoreReading(A.toString(), 0.0), checkpoint)) {
            score(restored, 2);
            assertVersionAndRegimes(predictions(restored), TestModels.versionOf(B), B);
        }
    }

    @Test
    void predictionsBelowTheConfidenceThresholdAreFlagged() throws Exception {
        try (var harness = open(new ScoreReading(A.toString(), 0.99), null)) {
            score(harness, 0);
            List<Prediction> predictions = predictions(harness);
            assertThat(predictions).allSatisfy(p -> assertThat(p.lowConfidence()).isEqualTo(p.confidence() < 0.99));
            assertThat(predictions).anyMatch(Prediction::lowConfidence).anyMatch(p -> !p.lowConfidence());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static BroadcastOperatorTestHarness<ValidReading, ModelArtifact, ScoredReading> open(ScoreReading function,
            OperatorSubtaskState restoreFrom) throws Exception {
        var harness = new BroadcastOperatorTestHarness<>(
                new CoBroadcastWithNonKeyedOperator<>(function, List.of(ScoreReading.ACTIVE_MODEL)), 1, 1, 0);
        harness.setup();
        if (restoreFrom == null) {
            harness.initializeEmptyState();
        } else {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }

    private static void score(BroadcastOperatorTestHarness<ValidReading, ModelArtifact, ScoredReading> harness, long time)
            throws Exception {
        for (int i = 0; i < TEMPERATURES.length; i++) {
            Reading reading = new Reading("press-01", 1_764_213_600_000L + i, TEMPERATURES[i]);
            harness.processElement(new ValidReading(reading, new KafkaRecord(new byte[0], "t", 0, i, 0)), time);
        }
    }

    private static ModelArtifact artifact(String version, Path pmml) {
        return ModelArtifact.fetch(TestModels.inline(version, pmml), AnnouncementPolicy.unsignedInlineOnly());
    }

    private static ModelArtifact artifact(String version, byte[] pmml) {
        return ModelArtifact.fetch(TestModels.inline(version, pmml), AnnouncementPolicy.unsignedInlineOnly());
    }

    private static List<Prediction> predictions(BroadcastOperatorTestHarness<ValidReading, ModelArtifact, ScoredReading> h) {
        return h.extractOutputValues().stream().map(ScoredReading::prediction).toList();
    }

    private static List<ModelStatus> statuses(BroadcastOperatorTestHarness<ValidReading, ModelArtifact, ScoredReading> h) {
        return h.getSideOutput(ModelStatuses.TAG).stream().map(StreamRecord::getValue).toList();
    }

    private static void assertVersionAndRegimes(List<Prediction> predictions, String version, Path model) throws Exception {
        ExpectedRegimes regimes = new ExpectedRegimes(model);
        assertThat(predictions).hasSize(TEMPERATURES.length).allSatisfy(p -> {
            assertThat(p.modelVersion()).isEqualTo(version);
            assertThat(p.regime()).as("regime of %s", p.temperature()).isEqualTo(regimes.regimeOf(p.temperature()));
        });
    }
}
