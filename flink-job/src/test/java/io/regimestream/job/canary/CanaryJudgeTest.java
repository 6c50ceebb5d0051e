package io.regimestream.job.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.records.CanaryPlan;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.job.health.FitCounts;
import io.regimestream.job.updates.ModelUpdate;
import io.regimestream.job.updates.ModelUpdates;
import io.regimestream.model.AnnouncementPolicy;
import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the followers decide of a canary from the reports on the control topic: every task the same
 * verdict after the same report, promotion, rollback, and the reports that do not count.
 */
class CanaryJudgeTest {

    private static final Path A = TestModels.committed();
    private static final Path B = TestModels.second();
    private static final CanaryPlan PLAN = new CanaryPlan(0.5, 2_000, 10, 0.02, 0.1);

    private final CanarySeal seal = new CanarySeal(CanarySeal.newKey());
    private long offset;

    @Test
    void everyTaskReachesTheSameVerdictAfterTheSameReportAndAHealthyCandidateIsPromoted() {
        ModelAnnouncement canary = TestModels.inline("k3-candidate", B).asCanary(PLAN);
        List<byte[]> topic = new ArrayList<>();
        topic.add(ModelAnnouncementCodec.toJson(canary));
        for (long from = 1_000; from < 3_000; from += 1_000) {
            for (int task = 1; task <= 2; task++) {
                topic.add(report(canary, task, 2, from, from + 1_000, healthy(10), healthy(40)));
            }
        }
        topic.add(report(canary, 1, 2, 3_000, 4_000, healthy(10), healthy(40))); // after the verdict

        List<String> first = decide(followers(), topic);
        List<String> second = decide(followers(), topic);

        assertThat(first)
                .isEqualTo(second)
                .containsExactly(
                        "READY k3-candidate",
                        "TALLIED CONTINUE healthy for 0 s of 2 s",
                        "TALLIED CONTINUE healthy for 1 s of 2 s",
                        "TALLIED CONTINUE healthy for 1 s of 2 s",
                        "TALLIED PROMOTE its health held for 2 s with every task reporting (at least 2 s asked)",
                        "TALLIED not counted");
    }

    @Test
    void aCandidateWorseThanTheActiveModelIsRolledBackAndItsLaterReportsDoNotCount() {
        ModelUpdates decisions = followers();
        ModelAnnouncement canary = TestModels.inline("k3-candidate", B).asCanary(PLAN);
        prepare(decisions, ModelAnnouncementCodec.toJson(canary));
        ModelUpdate rolledBack =
                prepare(decisions, report(canary, 1, 2, 1_000, 2_000, new FitCounts(10, 5, 0, null), healthy(40)));

        assertThat(rolledBack.decision()).isEqualTo(ModelUpdate.Decision.TALLIED);
        assertThat(rolledBack.canary().verdict()).isEqualTo(CanaryRule.Verdict.ROLL_BACK);
        assertThat(rolledBack.canary().judgement().reason())
                .isEqualTo("worse than the active model: its low-confidence share 50.0 % exceeds the active "
                        + "model's 0.0 % by more than 2.0 points");
        assertThat(rolledBack.canary().figures().candidate().readings()).isEqualTo(10);
        assertThat(prepare(decisions, report(canary, 2, 2, 1_000, 2_000, healthy(10), healthy(40)))
                        .canary())
                .as("the canary has ended")
                .isNull();
    }

    @Test
    void anotherJobsReportsAreIgnoredAndOneThatClaimsToBeThisJobsButIsNotIsRejected() {
        ModelUpdates decisions = followers();
        ModelAnnouncement canary = TestModels.inline("k3-candidate", B).asCanary(PLAN);
        prepare(decisions, ModelAnnouncementCodec.toJson(canary));

        CanarySeal otherJob = new CanarySeal(CanarySeal.newKey());
        CanaryReport theirs = new CanaryReport(
                otherJob.keyId(),
                "k3-candidate",
                canary.sequence(),
                "k4",
                1,
                1,
                1_000,
                2_000,
                new FitCounts(10, 9, 0, null),
                healthy(10),
                null);
        assertThat(prepare(decisions, CanaryReportCodec.toJson(theirs.sealedWith(otherJob))))
                .satisfies(u -> {
                    assertThat(u.decision()).isEqualTo(ModelUpdate.Decision.TALLIED);
                    assertThat(u.canary()).isNull();
                });
        // This job's key id, sealed with another key, or edited after sealing: forged.
        CanaryReport forged = new CanaryReport(
                seal.keyId(),
                "k3-candidate",
                canary.sequence(),
                "k4",
                1,
                1,
                1_000,
                2_000,
                healthy(10),
                healthy(10),
                null);
        String edited = new String(CanaryReportCodec.toJson(forged.sealedWith(seal)), StandardCharsets.UTF_8)
                .replace("\"readings\":10", "\"readings\":11");
        for (byte[] json : List.of(
                CanaryReportCodec.toJson(forged.sealedWith(otherJob)), edited.getBytes(StandardCharsets.UTF_8))) {
            ModelUpdate rejected = prepare(decisions, json);
            assertThat(rejected.decision()).isEqualTo(ModelUpdate.Decision.REJECTED);
            assertThat(rejected.announcementProblem()).isTrue();
            assertThat(rejected.detail())
                    .contains("names this job's report key, but its MAC does not verify: not written by this job");
        }
        assertThat(prepare(decisions, report(canary, 1, 1, 1_000, 3_000, healthy(10), healthy(10)))
                        .canary()
                        .verdict())
                .as("the forgeries counted nothing: this job's own report still decides")
                .isEqualTo(CanaryRule.Verdict.PROMOTE);
    }

    @Test
    void theSameCanaryAnnouncedAgainChangesNothingButAReplacedCanarysReportsDoNotCountForItsSuccessor() {
        ModelUpdates decisions = followers();
        ModelAnnouncement first = TestModels.inline("k3-candidate", B).asCanary(PLAN);
        prepare(decisions, ModelAnnouncementCodec.toJson(first));
        assertThat(prepare(
                                decisions,
                                ModelAnnouncementCodec.toJson(first.withSequence(ModelAnnouncement.nextSequence())
                                        .asCanary(PLAN)))
                        .decision())
                .isEqualTo(ModelUpdate.Decision.UNCHANGED);
        assertThat(prepare(decisions, report(first, 1, 2, 1_000, 2_000, healthy(10), healthy(10)))
                        .canary())
                .as("still the first announcement's canary: its reports count")
                .isNotNull();
        ModelAnnouncement second = first.withSequence(ModelAnnouncement.nextSequence())
                .asCanary(new CanaryPlan(0.25, 2_000, 10, 0.02, 0.1));
        assertThat(prepare(decisions, ModelAnnouncementCodec.toJson(second)).isReady())
                .isTrue();

        assertThat(prepare(decisions, report(first, 1, 1, 2_000, 9_000, healthy(10), healthy(10)))
                        .canary())
                .isNull();
        assertThat(prepare(decisions, report(second, 1, 1, 1_000, 9_000, healthy(10), healthy(10)))
                        .canary()
                        .verdict())
                .isEqualTo(CanaryRule.Verdict.PROMOTE);
    }

    @Test
    void anActiveAnnouncementEndsTheCanaryPromotingItWhenItNamesTheCandidate() {
        ModelUpdates decisions = followers();
        ModelAnnouncement activeA = TestModels.inline("k4-a", A);
        prepare(decisions, ModelAnnouncementCodec.toJson(activeA));
        assertThat(prepare(
                                decisions,
                                ModelAnnouncementCodec.toJson(TestModels.inline("k4-a", A)
                                        .withSequence(ModelAnnouncement.nextSequence())
                                        .asCanary(PLAN)))
                        .detail())
                .as("a canary of the active model")
                .contains("is the active model already");

        ModelAnnouncement canary = TestModels.inline("k3-candidate", B).asCanary(PLAN);
        ModelUpdate started = prepare(decisions, ModelAnnouncementCodec.toJson(canary));
        ModelUpdate byHand = prepare(
                decisions,
                ModelAnnouncementCodec.toJson(
                        canary.withMode(ModelAnnouncement.Mode.ACTIVE).withSequence(ModelAnnouncement.nextSequence())));
        assertThat(byHand.isReady()).isTrue();
        assertThat(byHand.loaded().identity().origin())
                .as("the canary's model, not read again: its bytes are still where the canary's came from")
                .isEqualTo(started.loaded().identity().origin());
        assertThat(byHand.loaded().model().version()).isEqualTo("k3-candidate");
        assertThat(prepare(decisions, report(canary, 1, 1, 1_000, 9_000, healthy(10), healthy(10)))
                        .canary())
                .isNull();

        ModelAnnouncement another = TestModels.inline("k4-again", A).asCanary(PLAN);
        prepare(decisions, ModelAnnouncementCodec.toJson(another));
        ModelUpdate again = prepare(
                decisions,
                ModelAnnouncementCodec.toJson(
                        TestModels.inline("k3-candidate", B).withSequence(ModelAnnouncement.nextSequence())));
        assertThat(again.decision())
                .as("the active model announced again ends the canary: not 'unchanged'")
                .isEqualTo(ModelUpdate.Decision.READY);
    }

    private ModelUpdates followers() {
        return new ModelUpdates(
                AnnouncementPolicy.unsignedInlineOnly(),
                System.currentTimeMillis(),
                0,
                null,
                null,
                new CanaryJudge(seal, null),
                ModelUpdates.WORK_LIMIT);
    }

    private List<String> decide(ModelUpdates decisions, List<byte[]> topic) {
        List<String> out = new ArrayList<>();
        long at = 0;
        for (byte[] record : topic) {
            ModelUpdate u = decisions.prepare("models", 0, at++, record);
            out.add(u.decision() + " "
                    + (u.decision() != ModelUpdate.Decision.TALLIED
                            ? u.version()
                            : u.canary() == null
                                    ? "not counted"
                                    : u.canary().verdict() + " "
                                            + u.canary().judgement().reason()));
        }
        return out;
    }

    private ModelUpdate prepare(ModelUpdates decisions, byte[] record) {
        return decisions.prepare("models", 0, offset++, record);
    }

    private byte[] report(
            ModelAnnouncement canary, int task, int tasks, long from, long to, FitCounts candidate, FitCounts active) {
        return CanaryReportCodec.toJson(new CanaryReport(
                        seal.keyId(),
                        canary.version(),
                        canary.sequence(),
                        "k4",
                        task,
                        tasks,
                        from,
                        to,
                        candidate,
                        active,
                        null)
                .sealedWith(seal));
    }

    /** {@code readings} readings, none of them low-confidence or out of range, spread over the deciles. */
    private static FitCounts healthy(long readings) {
        long[] bins = new long[10];
        for (int i = 0; i < readings; i++) {
            bins[i % 10]++;
        }
        return new FitCounts(readings, 0, 0, bins);
    }
}
