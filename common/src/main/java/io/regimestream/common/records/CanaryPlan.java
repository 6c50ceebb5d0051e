package io.regimestream.common.records;

import java.time.Duration;

/**
 * How a canary announcement ({@code "mode":"canary"}) is to be tried, part of the signed
 * announcement ({@code "canary":{...}}), so every scoring task runs it alike and nobody can change it
 * on the way: which share of the machines the candidate scores, and when the job promotes it or
 * rolls it back on its own.
 *
 * @param share              the share of machines the candidate scores (0 < share < 1), chosen by a stable
 *                           hash of the machine id: the same machines on every task, across restarts and rescales
 * @param promoteAfterMillis how long the candidate's health must hold, with every scoring task reporting, before
 *                           the job promotes it
 * @param minReadings        readings each side (the candidate's machines and the active model's) needs before the
 *                           two are compared at all
 * @param maxShareIncrease   how much higher the candidate's low-confidence and out-of-range shares may be than the
 *                           active model's (0.02: two percentage points) before the job rolls it back
 * @param maxPsiIncrease     how much higher the candidate's PSI against its own training distribution may be than
 *                           the active model's against its own
 */
public record CanaryPlan(
        double share, long promoteAfterMillis, long minReadings, double maxShareIncrease, double maxPsiIncrease) {

    /** The longest promotion time an announcement may ask for: a canary is a trial, not a way of life. */
    public static final Duration MAX_PROMOTE_AFTER = Duration.ofDays(30);

    /** What training publishes unless told otherwise: 10 % of machines, 10 minutes, 1,000 readings a side. */
    public static CanaryPlan of(double share) {
        return new CanaryPlan(share, Duration.ofMinutes(10).toMillis(), 1_000, 0.02, 0.25);
    }

    /** @throws IllegalArgumentException naming the first field out of its range */
    public void check() {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("\"canary\".\"share\" must lie between 0 and 1 (both excluded: a canary "
                    + "compares the candidate's machines with the active model's), was " + share);
        }
        if (promoteAfterMillis < 0 || promoteAfterMillis > MAX_PROMOTE_AFTER.toMillis()) {
            throw new IllegalArgumentException("\"canary\".\"promoteAfterMs\" must be 0 to "
                    + MAX_PROMOTE_AFTER.toMillis() + " (30 days), was " + promoteAfterMillis);
        }
        if (minReadings < 1) {
            throw new IllegalArgumentException("\"canary\".\"minReadings\" must be at least 1, was " + minReadings);
        }
        checkMargin("maxShareIncrease", maxShareIncrease);
        checkMargin("maxPsiIncrease", maxPsiIncrease);
    }

    private static void checkMargin(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    "\"canary\".\"" + field + "\" must be a finite number of at least 0, was " + value);
        }
    }

    /** e.g. {@code 10 % of machines, promoted after 600 s of health, 1000 readings a side}. */
    public String describe() {
        return String.format(
                java.util.Locale.ROOT,
                "%s %% of machines, promoted after %d s of health with %d readings a side, rolled back when its "
                        + "low-confidence or out-of-range share exceeds the active model's by %s or its PSI by %s",
                percent(share),
                promoteAfterMillis / 1000,
                minReadings,
                maxShareIncrease,
                maxPsiIncrease);
    }

    private static String percent(double share) {
        return java.math.BigDecimal.valueOf(share * 100).stripTrailingZeros().toPlainString();
    }
}
