package io.regimestream.common.records;

import java.util.Arrays;
import java.util.Objects;

/**
 * How a shadow model compared with the active model on the readings one scoring task scored in
 * one reporting interval: reported on the status topic (a {@link ModelStatus} with outcome
 * {@code shadow_report}) and written to InfluxDB ({@code model_shadow}). Intervals do not overlap,
 * so the figures of several reports (and tasks) add up: sum {@code readings} and
 * {@code agreements}, weigh {@code meanAbsProbabilityDifference} by {@code readings}, add the
 * confusion matrices cell by cell.
 *
 * @param activeVersion the model whose predictions went out
 * @param shadowVersion the shadow model
 * @param fromMillis    processing time the interval began (the shadow's start, or the previous report)
 * @param toMillis      processing time of this report
 * @param readings      readings both models scored in the interval
 * @param agreements    readings both put in the same regime
 * @param meanAbsProbabilityDifference mean over the readings of the mean over regimes of
 *                      |active probability - shadow probability| (a regime one model does not have
 *                      has probability 0 there)
 * @param confusion     {@code confusion[a][s]}: readings the active model put in regime {@code a} and
 *                      the shadow in regime {@code s}; active regime count x shadow regime count
 */
public record ShadowReport(
        String activeVersion,
        String shadowVersion,
        long fromMillis,
        long toMillis,
        long readings,
        long agreements,
        double meanAbsProbabilityDifference,
        long[][] confusion) {

    public ShadowReport {
        Objects.requireNonNull(activeVersion, "activeVersion");
        Objects.requireNonNull(shadowVersion, "shadowVersion");
        Objects.requireNonNull(confusion, "confusion");
    }

    /** Share of the readings both models put in the same regime; NaN without readings. */
    public double agreementRate() {
        return readings == 0 ? Double.NaN : (double) agreements / readings;
    }

    /** e.g. {@code shadow k3-.. agreed with active k4-.. on 97.1 % of 1234 readings, mean |probability difference| 0.0123}. */
    public String summary() {
        return String.format(
                java.util.Locale.ROOT,
                "shadow %s agreed with active %s on %.1f %% of %d readings, " + "mean |probability difference| %.4f",
                shadowVersion,
                activeVersion,
                100 * agreementRate(),
                readings,
                meanAbsProbabilityDifference);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShadowReport r
                && activeVersion.equals(r.activeVersion)
                && shadowVersion.equals(r.shadowVersion)
                && fromMillis == r.fromMillis
                && toMillis == r.toMillis
                && readings == r.readings
                && agreements == r.agreements
                && Double.compare(meanAbsProbabilityDifference, r.meanAbsProbabilityDifference) == 0
                && Arrays.deepEquals(confusion, r.confusion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                activeVersion,
                shadowVersion,
                fromMillis,
                toMillis,
                readings,
                agreements,
                meanAbsProbabilityDifference,
                Arrays.deepHashCode(confusion));
    }

    @Override
    public String toString() {
        return "ShadowReport[" + summary() + ", from " + fromMillis + " to " + toMillis + ", confusion "
                + Arrays.deepToString(confusion) + "]";
    }
}
