package io.regimestream.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.records.CanaryPlan;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.job.canary.CanaryReport;
import io.regimestream.job.canary.CanaryRule;
import io.regimestream.job.canary.CanarySplit;
import io.regimestream.job.canary.CanaryStep;
import io.regimestream.job.canary.CanaryTally;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.testing.ExpectedRegimes;
import io.regimestream.job.updates.ModelUpdate;
import io.regimestream.job.updates.ModelUpdates;
import io.regimestream.model.AnnouncementPolicy;
import io.regimestream.model.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canaries in the scoring operator (Flink's test harness): the candidate scores its share of the
 * machines and its predictions say so, what a task reports, a verdict applied between two readings,
 * an active announcement ending the canary, and the canary in checkpoints. Announcements are
 * prepared as the follower prepares them; verdicts are the follower's decisions, made by hand (the
 * reports going round the control topic are {@code CanaryModelsIT}'s).
 */
class ScoreReadingsCanaryTest {

    private static final Path A = TestModels.committed();
    private static final Path B = TestModels.second();
    private static final String VERSION_A = TestModels.versionOf(A);
    private static final String VERSION_B = TestModels.versionOf(B);
    private static final CanaryPlan HALF = new CanaryPlan(0.5, 60_000, 10, 0.02, 0.1);
    private static final List<String> MACHINES =
            java.util.stream.IntStream.range(0, 40).mapToObj(i -> "press-" + i).toList();
    private static final double[] TEMPERATURES = {38.0, 44.0, 48.3, 52.5, 57.0, 61.5, 66.2};

    @TempDir
    Path dir;

    private ModelUpdates decisions = ScoreReadingTest.decisions(AnnouncementPolicy.unsignedInlineOnly());
    private long offset;

    @Test
    void theCandidateScoresItsShareOfMachinesItsPredictionsSaySoAndTheTaskReportsWhatEachSideScored() throws Exception {
        try (var h = ScoringHarness.open(A, null)) {
            score(h); // before the canary: all A
            h.operator.apply(canary(VERSION_B, B, HALF));
            score(h);
            h.operator.reportWhenDue(System.currentTimeMillis() + 60_000);

            List<Prediction> predictions = h.predictions();
            int perRound = MACHINES.size() * TEMPERATURES.length;
            assertThat(predictions).hasSize(2 * perRound);
            assertThat(predictions.subList(0, perRound)).allSatisfy(p -> {
                assertThat(p.modelVersion()).isEqualTo(VERSION_A);
                assertThat(p.canary()).isFalse();
            });
            List<Prediction> during = predictions.subList(perRound, 2 * perRound);
            ExpectedRegimes regimesA = new ExpectedRegimes(A);
            ExpectedRegimes regimesB = new ExpectedRegimes(B);
            assertThat(during).allSatisfy(p -> {
                boolean inCanary = CanarySplit.scores(p.machineId(), 0.5);
                assertThat(p.canary()).as(p.machineId()).isEqualTo(inCanary);
                assertThat(p.modelVersion()).isEqualTo(inCanary ? VERSION_B : VERSION_A);
                assertThat(p.regime()).isEqualTo((inCanary ? regimesB : regimesA).regimeOf(p.temperature()));
            });
            long canaryMachines =
                    MACHINES.stream().filter(m -> CanarySplit.scores(m, 0.5)).count();
            assertThat(canaryMachines).as("both sides have machines").isBetween(5L, 35L);

            assertThat(h.statuses()).singleElement().satisfies(s -> {
                assertThat(s.outcome()).isEqualTo(ModelStatus.Outcome.CANARY);
                assertThat(s.version()).isEqualTo(VERSION_B);
                assertThat(s.detail()).contains("scores 50 % of machines", VERSION_A + " scores the rest");
            });
            CanaryReport report = reports(h).get(0);
            List<Prediction> byB = during.stream().filter(Prediction::canary).toList();
            List<Prediction> byA = during.stream().filter(p -> !p.canary()).toList();
            assertThat(report.candidateVersion()).isEqualTo(VERSION_B);
            assertThat(report.activeVersion()).isEqualTo(VERSION_A);
            assertThat(report.reporter()).isEqualTo("1/1");
            assertThat(report.candidate().readings()).isEqualTo(byB.size());
            assertThat(report.candidate().lowConfidence())
                    .isEqualTo(byB.stream().filter(Prediction::lowConfidence).count());
            assertThat(report.active().readings()).isEqualTo(byA.size());
            assertThat(report.active().lowConfidence())
                    .isEqualTo(byA.stream().filter(Prediction::lowConfidence).count());
            assertThat(report.candidate().bins())
                    .as("B's model.json has no training distribution")
                    .isNull();
            assertThat(Arrays.stream(report.active().bins()).sum()).isEqualTo(byA.size());
        }
    }

    @Test
    void aVerdictPromotesTheCandidateOrRollsItBackBetweenTwoReadingsWithItsFigures() throws Exception {
        for (CanaryRule.Verdict verdict : List.of(CanaryRule.Verdict.PROMOTE, CanaryRule.Verdict.ROLL_BACK)) {
            decisions = ScoreReadingTest.decisions(AnnouncementPolicy.unsignedInlineOnly());
            try (var h = ScoringHarness.open(A, null)) {
                ModelUpdate started = canary(VERSION_B, B, HALF);
                h.operator.apply(started);
                score(h);
                h.operator.apply(verdict(started, verdict));
                int before = h.predictions().size();
                score(h);

                String expected = verdict == CanaryRule.Verdict.PROMOTE ? VERSION_B : VERSION_A;
                assertThat(h.predictions().subList(before, h.predictions().size()))
                        .as(verdict.toString())
                        .allSatisfy(p -> {
                            assertThat(p.modelVersion()).isEqualTo(expected);
                            assertThat(p.canary()).isFalse();
                        });
                ModelStatus decision = h.statuses().get(1);
                assertThat(decision.outcome())
                        .isEqualTo(
                                verdict == CanaryRule.Verdict.PROMOTE
                                        ? ModelStatus.Outcome.PROMOTED
                                        : ModelStatus.Outcome.ROLLED_BACK);
                assertThat(decision.canary().candidate().readings()).isEqualTo(123);
                assertThat(decision.detail())
                        .startsWith(
                                verdict == CanaryRule.Verdict.PROMOTE
                                        ? "promoted the canary on its own, the reason: scoring with"
                                        : "rolled the canary back on its own, the reason: still scoring with "
                                                + VERSION_A)
                        .contains("canary " + VERSION_B + ": 123 readings");
            }
        }
    }

    @Test
    void anActiveAnnouncementEndsTheCanary() throws Exception {
        try (var h = ScoringHarness.open(A, null)) {
            h.operator.apply(canary(VERSION_B, B, HALF));
            h.operator.apply(update(TestModels.inline("a-again", A)));
            score(h);

            assertThat(h.predictions()).allSatisfy(p -> {
                assertThat(p.modelVersion()).isEqualTo("a-again");
                assertThat(p.canary()).isFalse();
            });
            assertThat(h.statuses().get(1).detail()).endsWith("; the canary " + VERSION_B + " ended");
        }
    }

    @Test
    void aRestoredTaskGoesOnWithItsCanaryAndReportsWhatItCountedBeforeTheCheckpoint() throws Exception {
        OperatorSubtaskState checkpoint;
        List<Prediction> before;
        // By location: the harness has no control topic to read an inline model's announcement again from.
        Path candidate = Files.copy(B, dir.resolve("model.pmml"));
        decisions = ScoreReadingTest.decisions(ScoreReadingTest.allowing(dir));
        try (var h = ScoringHarness.open(A, null)) {
            h.operator.apply(update(ModelAnnouncement.at(
                            VERSION_B,
                            TestModels.sha256(Files.readAllBytes(candidate)),
                            candidate.toUri().toString(),
                            System.currentTimeMillis())
                    .asCanary(HALF)));
            score(h);
            before = h.predictions();
            checkpoint = h.snapshot(1);
        }
        try (var restored = ScoringHarness.open(A, checkpoint)) {
            score(restored);
            restored.operator.reportWhenDue(System.currentTimeMillis() + 60_000);

            assertThat(restored.statuses()).as("not announced again").isEmpty();
            assertThat(restored.predictions()).allSatisfy(p -> {
                boolean inCanary = CanarySplit.scores(p.machineId(), 0.5);
                assertThat(p.canary()).isEqualTo(inCanary);
                assertThat(p.modelVersion()).isEqualTo(inCanary ? VERSION_B : VERSION_A);
            });
            CanaryReport report = reports(restored).get(0);
            long byB = before.stream().filter(Prediction::canary).count()
                    + restored.predictions().stream().filter(Prediction::canary).count();
            assertThat(report.candidate().readings())
                    .as("the readings counted before the checkpoint, not yet reported, and those after")
                    .isEqualTo(byB);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void score(ScoringHarness h) throws Exception {
        for (double t : TEMPERATURES) {
            for (String machine : MACHINES) {
                h.send(new Reading(machine, 1_764_213_600_000L, t));
            }
        }
    }

    private ModelUpdate canary(String version, Path pmml, CanaryPlan plan) {
        return update(TestModels.inline(version, pmml).asCanary(plan));
    }

    private ModelUpdate update(ModelAnnouncement announcement) {
        return decisions.prepare("models", 0, offset++, ModelAnnouncementCodec.toJson(announcement));
    }

    /** What the follower decides after a report: a tally of 123 candidate readings and {@code verdict}. */
    private ModelUpdate verdict(ModelUpdate started, CanaryRule.Verdict verdict) {
        CanaryReport report = new CanaryReport(
                "job",
                VERSION_B,
                started.loaded().identity().sequence(),
                VERSION_A,
                1,
                1,
                1_000,
                61_000,
                new io.regimestream.job.health.FitCounts(123, 1, 0, null),
                new io.regimestream.job.health.FitCounts(456, 2, 0, null),
                null);
        CanaryTally tally = CanaryTally.EMPTY.with(report);
        return ModelUpdate.tallied(
                started.loaded(),
                new CanaryStep(
                        HALF,
                        tally,
                        new CanaryRule.Judgement(verdict, "the reason"),
                        tally.figures(VERSION_B, HALF.share())),
                0,
                offset++);
    }

    private static List<CanaryReport> reports(ScoringHarness h) {
        return h.outputs().stream()
                .filter(o -> o.kind() == JobOutput.Kind.CANARY_REPORT)
                .map(JobOutput::canaryReport)
                .toList();
    }
}
