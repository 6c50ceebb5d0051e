package io.regimestream.job.health;

import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata;
import java.util.List;

/**
 * A model's {@link DriftBaseline} laid out for the per-reading work: per regime the model can
 * predict one small object ({@link Regime}) with the 9 cut points a reading predicted in that
 * regime is compared with (the regime's own deciles when the baseline has them for every regime,
 * else the deciles of all training readings), its centroid and inverse spread; and the training
 * [min, max]. Always full (a regime without a centroid has distance 0, a baseline without a
 * distribution cut points of +infinity and an infinite range), so the per-reading code needs no
 * branch to decide what to count: the {@code has*} flags decide only what is reported.
 */
final class DriftReference {

    static final int CUTS = DriftBaseline.DECILES;
    static final int BINS = CUTS + 1;
    /** Added to every bin's count before PSI, so an empty bin gives a finite logarithm (see {@link #psi}). */
    static final double SMOOTHING = 0.5;

    private static final double EXPECTED_SHARE = 1.0 / BINS;

    /** What a reading predicted in one regime is compared with: fields, not arrays, so no bounds checks. */
    static final class Regime {
        final double cut0, cut1, cut2, cut3, cut4, cut5, cut6, cut7, cut8;
        final double centroid;
        final double inverseSpread;

        Regime(double[] cuts, double centroid, double inverseSpread) {
            cut0 = cuts[0];
            cut1 = cuts[1];
            cut2 = cuts[2];
            cut3 = cuts[3];
            cut4 = cuts[4];
            cut5 = cuts[5];
            cut6 = cuts[6];
            cut7 = cuts[7];
            cut8 = cuts[8];
            this.centroid = centroid;
            this.inverseSpread = inverseSpread;
        }

        /**
         * The number of cut points below {@code t}: the reading's decile bin (bins are (cut[i-1], cut[i]],
         * as a quantile is "at most"; of equal cut points, the first). The same comparisons as
         * {@link DriftCounts#add}, which counts them without a bin index.
         */
        int bin(double t) {
            return (cut0 < t ? 1 : 0)
                    + (cut1 < t ? 1 : 0)
                    + (cut2 < t ? 1 : 0)
                    + (cut3 < t ? 1 : 0)
                    + (cut4 < t ? 1 : 0)
                    + (cut5 < t ? 1 : 0)
                    + (cut6 < t ? 1 : 0)
                    + (cut7 < t ? 1 : 0)
                    + (cut8 < t ? 1 : 0);
        }
    }

    /** Index = the regime the model predicted. */
    final Regime[] regimes;

    final double min;
    final double max;
    private final boolean hasDistribution;
    private final boolean perRegime;
    private final boolean hasRegimes;

    /**
     * @param regimeCount the regimes the model predicts (0 .. regimeCount - 1)
     */
    DriftReference(DriftBaseline baseline, int regimeCount) {
        int rows = Math.max(1, regimeCount);
        ModelMetadata.TrainingDistribution all = baseline == null ? null : baseline.distribution();
        this.hasDistribution = all != null;
        this.perRegime = baseline != null && baseline.hasRegimeDistributions(regimeCount);
        this.min = hasDistribution ? all.min() : Double.NEGATIVE_INFINITY;
        this.max = hasDistribution ? all.max() : Double.POSITIVE_INFINITY;
        List<ModelMetadata.RegimeSummary> summaries = baseline == null ? List.of() : baseline.regimes();
        this.hasRegimes = !summaries.isEmpty();
        double[] centroids = new double[rows];
        double[] inverseSpreads = new double[rows];
        for (ModelMetadata.RegimeSummary r : summaries) {
            if (r.regime() >= 0 && r.regime() < rows) {
                centroids[r.regime()] = r.centroid();
                inverseSpreads[r.regime()] = 1.0 / r.spread();
            }
        }
        double[] none = new double[CUTS];
        java.util.Arrays.fill(none, Double.POSITIVE_INFINITY);
        this.regimes = new Regime[rows];
        for (int r = 0; r < rows; r++) {
            double[] cuts = perRegime
                    ? baseline.regimeDistributions().get(r).deciles()
                    : hasDistribution ? all.deciles() : none;
            regimes[r] = new Regime(cuts, centroids[r], inverseSpreads[r]);
        }
    }

    /** Whether PSI and the out-of-range share can be given. */
    boolean hasDistribution() {
        return hasDistribution;
    }

    /** Whether readings are binned by the deciles of the regime they were predicted in (else all training readings'). */
    boolean perRegime() {
        return perRegime;
    }

    /** Whether the centroid distance can be given. */
    boolean hasRegimes() {
        return hasRegimes;
    }

    /** The decile bin of {@code t} predicted in {@code regime}. */
    int bin(int regime, double t) {
        return regimes[regime].bin(t);
    }

    /** Whether {@code t} lies outside the training [min, max] (never without a distribution). */
    boolean outOfRange(double t) {
        return t < min || t > max;
    }

    /**
     * The population stability index of {@code bins} ({@value #BINS} counts, {@code n} readings in
     * all) against bins that each hold a tenth of the training data:
     * <pre>
     *   PSI = sum over the 10 bins of (a_i - e_i) * ln(a_i / e_i),   e_i = 0.1,
     *   a_i = (n_i + 0.5) / (N + 10 * 0.5)
     * </pre>
     * where n_i is the readings in bin i: half a reading is added to every bin (additive smoothing)
     * so that an empty bin contributes a large but finite term.
     */
    static double psi(long[] bins, long n) {
        double total = n + BINS * SMOOTHING;
        double psi = 0;
        for (int i = 0; i < BINS; i++) {
            psi += psiTerm(bins[i], total);
        }
        return psi;
    }

    /**
     * One bin's term. {@link StrictMath#log}, not {@link Math#log}: the same counts give the same PSI to the
     * last bit on every JVM and CPU, so every scoring task judging a canary from the same figures decides alike.
     */
    private static double psiTerm(double observed, double total) {
        double a = (observed + SMOOTHING) / total;
        return (a - EXPECTED_SHARE) * StrictMath.log(a / EXPECTED_SHARE);
    }
}
