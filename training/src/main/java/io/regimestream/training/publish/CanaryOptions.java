package io.regimestream.training.publish;

import io.regimestream.cli.DurationConverter;
import io.regimestream.common.records.CanaryPlan;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How a canary is tried ({@code --canary SHARE} and the {@code --canary-*} options): one picocli mixin, so the
 * training command's {@code --publish --canary} and {@code retrain} (which announces every candidate as a canary)
 * take the same options with the same defaults.
 */
public final class CanaryOptions {

    /** The share of machines a retrained candidate scores unless {@code --canary} says otherwise. */
    public static final double RETRAIN_SHARE = 0.1;

    @Option(
            names = "--canary",
            paramLabel = "SHARE",
            description = "Announce the model as a canary (\"mode\":\"canary\"): it scores this share of the machines "
                    + "(0.1 = 10 %, chosen by a stable hash of the machine id), the active model the rest; the job "
                    + "promotes it on its own when its health holds for --canary-promote-after, or rolls it back when "
                    + "it does worse than the active model. The plan is signed with the announcement. train: with "
                    + "--publish or --publish-only (default: no canary); retrain announces every candidate as a canary "
                    + "(default share: " + RETRAIN_SHARE + ").")
    Double share;

    @Option(
            names = "--canary-promote-after",
            paramLabel = "DURATION",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "How long a canary's health must hold, every scoring task reporting, before the job "
                    + "promotes it (like 30s, 10m, 2h; default: ${DEFAULT-VALUE}).")
    Duration promoteAfter;

    @Option(
            names = "--canary-min-readings",
            paramLabel = "N",
            description = "Readings each side of a canary (the candidate's machines, the others) needs before the "
                    + "job compares them (default: ${DEFAULT-VALUE}).")
    long minReadings = CanaryPlan.of(RETRAIN_SHARE).minReadings();

    @Option(
            names = "--canary-max-share-increase",
            paramLabel = "X",
            description = "How much higher a canary's low-confidence and out-of-range shares may be than the active "
                    + "model's, as a fraction (0.02 = two percentage points; default: ${DEFAULT-VALUE}).")
    double maxShareIncrease = CanaryPlan.of(RETRAIN_SHARE).maxShareIncrease();

    @Option(
            names = "--canary-max-psi-increase",
            paramLabel = "X",
            description = "How much higher a canary's PSI against its own training distribution may be than the "
                    + "active model's against its own (default: ${DEFAULT-VALUE}).")
    double maxPsiIncrease = CanaryPlan.of(RETRAIN_SHARE).maxPsiIncrease();

    /** Whether {@code --canary} was given. */
    public boolean given() {
        return share != null;
    }

    /** The plan of {@code --canary SHARE} and the {@code --canary-*} options; call only when {@link #given()}. */
    public CanaryPlan plan() {
        return planOf(share);
    }

    /** The plan the options give, of {@code --canary}'s share or else {@code defaultShare}. */
    public CanaryPlan plan(double defaultShare) {
        return planOf(share != null ? share : defaultShare);
    }

    private CanaryPlan planOf(double shareOfMachines) {
        return new CanaryPlan(shareOfMachines, promoteAfter.toMillis(), minReadings, maxShareIncrease, maxPsiIncrease);
    }
}
