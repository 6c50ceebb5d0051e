package io.regimestream.job.canary;

import io.regimestream.common.records.CanaryFigures;
import io.regimestream.common.records.CanaryPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a canary's figures decide, from the two sides' {@link CanaryFigures.Side}s alone (how they
 * were counted is not its business): roll it back when, with {@link CanaryPlan#minReadings()} a
 * side, the candidate does worse on its machines than the active model on the others by more than
 * the plan allows (low-confidence share, out-of-range share, PSI, each against the side's own model);
 * promote it when it has not, and every task has reported on it for {@link
 * CanaryPlan#promoteAfterMillis()}; otherwise go on. A range share or PSI that one side's model
 * cannot give (no training distribution) is not compared. A pure function: the same figures give the
 * same verdict on every task.
 */
public final class CanaryRule {

    /** What happens to the canary. */
    public enum Verdict {
        CONTINUE,
        PROMOTE,
        ROLL_BACK
    }

    /** A verdict and why. */
    public record Judgement(Verdict verdict, String reason) {}

    private CanaryRule() {}

    public static Judgement judge(
            CanaryPlan plan, CanaryFigures.Side candidate, CanaryFigures.Side active, long heldMillis) {
        if (candidate.readings() < plan.minReadings() || active.readings() < plan.minReadings()) {
            return new Judgement(
                    Verdict.CONTINUE,
                    "waiting for " + plan.minReadings() + " readings a side (candidate " + candidate.readings()
                            + ", active " + active.readings() + ")");
        }
        List<String> worse = new ArrayList<>();
        compare(
                worse,
                "low-confidence share",
                candidate.lowConfidenceShare(),
                active.lowConfidenceShare(),
                plan.maxShareIncrease(),
                true);
        compare(
                worse,
                "out-of-range share",
                candidate.outOfRangeShare(),
                active.outOfRangeShare(),
                plan.maxShareIncrease(),
                true);
        compare(worse, "PSI", candidate.psi(), active.psi(), plan.maxPsiIncrease(), false);
        if (!worse.isEmpty()) {
            return new Judgement(Verdict.ROLL_BACK, "worse than the active model: " + String.join("; ", worse));
        }
        if (heldMillis >= plan.promoteAfterMillis()) {
            return new Judgement(
                    Verdict.PROMOTE,
                    "its health held for " + heldMillis / 1000 + " s with every task reporting (at least "
                            + plan.promoteAfterMillis() / 1000 + " s asked)");
        }
        return new Judgement(
                Verdict.CONTINUE,
                "healthy for " + heldMillis / 1000 + " s of " + plan.promoteAfterMillis() / 1000 + " s");
    }

    private static void compare(
            List<String> worse, String figure, Double candidate, Double active, double margin, boolean share) {
        if (candidate == null || active == null || candidate <= active + margin) {
            return;
        }
        worse.add(
                share
                        ? String.format(
                                Locale.ROOT,
                                "its %s %.1f %% exceeds the active model's %.1f %% by more than %.1f points",
                                figure,
                                100 * candidate,
                                100 * active,
                                100 * margin)
                        : String.format(
                                Locale.ROOT,
                                "its %s %.3f exceeds the active model's %.3f by more than %s",
                                figure,
                                candidate,
                                active,
                                margin));
    }
}
