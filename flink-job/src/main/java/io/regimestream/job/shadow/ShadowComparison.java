package io.regimestream.job.shadow;

import io.regimestream.common.records.ShadowReport;
import io.regimestream.model.RegimeScore;

/**
 * How a shadow model's scores compare with the active model's on the same readings, without any
 * framework: counts readings, agreements (same regime) and the active x shadow confusion matrix,
 * and sums the per-reading mean absolute probability difference. {@link #report} turns what was
 * counted into a {@link ShadowReport}.
 *
 * <p>The probability difference of one reading is the mean over regimes of
 * |active probability - shadow probability|, over as many regimes as the larger model has (a
 * regime one model does not have counts as probability 0 there): 0 for identical answers, at most
 * 2 / regimes for two certain answers in different regimes.
 *
 * <p>Not thread-safe: one per task and pair of models, used by the task's thread only.
 */
public final class ShadowComparison {

    private final String activeVersion;
    private final String shadowVersion;
    private final long fromMillis;
    private final long[][] confusion;
    private long readings;
    private long agreements;
    private double sumAbsDifference;

    /**
     * @param activeRegimes regimes of the active model (rows of the confusion matrix)
     * @param shadowRegimes regimes of the shadow model (columns)
     * @param fromMillis    when counting starts, for the report
     */
    public ShadowComparison(
            String activeVersion, int activeRegimes, String shadowVersion, int shadowRegimes, long fromMillis) {
        if (activeRegimes < 1 || shadowRegimes < 1) {
            throw new IllegalArgumentException(
                    "models have at least one regime, were " + activeRegimes + " and " + shadowRegimes);
        }
        this.activeVersion = activeVersion;
        this.shadowVersion = shadowVersion;
        this.fromMillis = fromMillis;
        this.confusion = new long[activeRegimes][shadowRegimes];
    }

    /** Counts one reading both models scored. */
    public void add(RegimeScore active, RegimeScore shadow) {
        readings++;
        if (active.regime() == shadow.regime()) {
            agreements++;
        }
        confusion[active.regime()][shadow.regime()]++;
        sumAbsDifference += meanAbsDifference(active.probabilities(), shadow.probabilities());
    }

    /** Mean over regimes of |a - s|, a missing regime being probability 0. */
    static double meanAbsDifference(double[] a, double[] s) {
        int regimes = Math.max(a.length, s.length);
        double sum = 0;
        for (int i = 0; i < regimes; i++) {
            sum += Math.abs((i < a.length ? a[i] : 0.0) - (i < s.length ? s[i] : 0.0));
        }
        return sum / regimes;
    }

    public long readings() {
        return readings;
    }

    public String activeVersion() {
        return activeVersion;
    }

    public String shadowVersion() {
        return shadowVersion;
    }

    /** What was counted since {@code fromMillis}, as a report made at {@code nowMillis}. */
    public ShadowReport report(long nowMillis) {
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return new ShadowReport(
                activeVersion,
                shadowVersion,
                fromMillis,
                nowMillis,
                readings,
                agreements,
                readings == 0 ? 0.0 : sumAbsDifference / readings,
                copy);
    }
}
