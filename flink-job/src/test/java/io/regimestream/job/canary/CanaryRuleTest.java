package io.regimestream.job.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.records.CanaryFigures.Side;
import io.regimestream.common.records.CanaryPlan;
import org.junit.jupiter.api.Test;

/** What a canary's figures decide. */
class CanaryRuleTest {

    private static final CanaryPlan PLAN = new CanaryPlan(0.1, 60_000, 100, 0.02, 0.1);
    private static final Side ACTIVE = new Side(1_000, 0.05, 0.01, 0.03);

    @Test
    void nothingIsDecidedBeforeEachSideHasItsReadings() {
        CanaryRule.Judgement j = CanaryRule.judge(PLAN, new Side(99, 0.9, 0.9, 9.0), ACTIVE, 600_000);
        assertThat(j.verdict()).isEqualTo(CanaryRule.Verdict.CONTINUE);
        assertThat(j.reason()).contains("waiting for 100 readings a side (candidate 99, active 1000)");
        assertThat(CanaryRule.judge(PLAN, new Side(100, 0.05, 0.01, 0.03), new Side(99, 0, 0.0, 0.0), 600_000)
                        .verdict())
                .isEqualTo(CanaryRule.Verdict.CONTINUE);
    }

    @Test
    void aCandidateWorseThanTheActiveModelByMoreThanTheMarginOnAnyFigureIsRolledBack() {
        assertThat(CanaryRule.judge(PLAN, new Side(100, 0.0701, 0.01, 0.03), ACTIVE, 0))
                .satisfies(j -> {
                    assertThat(j.verdict()).isEqualTo(CanaryRule.Verdict.ROLL_BACK);
                    assertThat(j.reason())
                            .isEqualTo("worse than the active model: its low-confidence share 7.0 % exceeds the "
                                    + "active model's 5.0 % by more than 2.0 points");
                });
        assertThat(CanaryRule.judge(PLAN, new Side(100, 0.05, 0.0301, 0.03), ACTIVE, 0)
                        .reason())
                .contains("its out-of-range share 3.0 % exceeds the active model's 1.0 %");
        assertThat(CanaryRule.judge(PLAN, new Side(100, 0.05, 0.01, 0.1301), ACTIVE, 0)
                        .reason())
                .contains("its PSI 0.130 exceeds the active model's 0.030 by more than 0.1");
        assertThat(CanaryRule.judge(PLAN, new Side(100, 0.0699, 0.0299, 0.1299), ACTIVE, 0)
                        .verdict())
                .as("within every margin")
                .isEqualTo(CanaryRule.Verdict.CONTINUE);
    }

    @Test
    void aHealthyCandidateIsPromotedOnceEveryTaskHasReportedForThePromotionTime() {
        Side healthy = new Side(100, 0.04, 0.0, 0.02);
        assertThat(CanaryRule.judge(PLAN, healthy, ACTIVE, 59_999).verdict()).isEqualTo(CanaryRule.Verdict.CONTINUE);
        assertThat(CanaryRule.judge(PLAN, healthy, ACTIVE, 60_000)).satisfies(j -> {
            assertThat(j.verdict()).isEqualTo(CanaryRule.Verdict.PROMOTE);
            assertThat(j.reason())
                    .isEqualTo("its health held for 60 s with every task reporting (at least 60 s asked)");
        });
    }

    @Test
    void aFigureOneSideCannotGiveIsNotCompared() {
        Side withoutDistribution = new Side(100, 0.05, null, null);
        assertThat(CanaryRule.judge(PLAN, withoutDistribution, new Side(1_000, 0.05, 0.0, 0.0), 60_000)
                        .verdict())
                .isEqualTo(CanaryRule.Verdict.PROMOTE);
        assertThat(CanaryRule.judge(PLAN, new Side(100, 0.05, 0.5, 5.0), new Side(1_000, 0.05, null, null), 60_000)
                        .verdict())
                .isEqualTo(CanaryRule.Verdict.PROMOTE);
    }
}
