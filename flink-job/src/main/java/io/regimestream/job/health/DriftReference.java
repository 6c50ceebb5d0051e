package io.regimestream.job.health;

import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata;
import java.util.Arrays;
import java.util.List;

/**
 * A model's {@link DriftBaseline} laid out for the per-reading work: for every regime the model
 * can predict, the 9 cut points a reading predicted in that regime is compared with (the regime's
 * own deciles when the baseline has them for every regime, else the deciles of all training
 * readings), the training [min, max], and each regime's centroid and inverse spread. Tables are
 * always full (a regime without a centroid has distance 0, a baseline without a distribution cut
 * points of +infinity), so the per-reading code needs no branch to decide what to count: the
 * {@code has*} flags decide only what is reported.
 */
final class DriftReference {

    static final int CUTS = DriftBaseline.DECILES;
    static final int BINS = CUTS + 1;
    /** Added to every bin's count before PSI, so an empty bin gives a finite logarithm (see {@link #psiTerm}). */
    static final double SMOOTHING = 0.5;

    private static final double EXPECTED_SHARE = 1.0 / BINS;

    /** Row r (at {@code r * CUTS}) holds the cut points for readings predicted in regime r. */
    final double[] cuts;

    final double min;
    final double max;
    final double[] centroids;
    final double[] inverseSpreads;
    private final boolean hasDistribution;
    private final boolean perRegime;
    private final boolean hasRegimes;

    /**
     * @param regimeCount the regimes the model predicts (0 .. regimeCount - 1): the tables' rows
     */
    DriftReference(DriftBaseline baseline, int regimeCount) {
        int rows = Math.max(1, regimeCount);
        ModelMetadata.TrainingDistribution all = baseline == null ? null : baseline.distribution();
        this.hasDistribution = all != null;
        this.perRegime = baseline != null && baseline.hasRegimeDistributions(regimeCount);
        this.cuts = new double[rows * CUTS];
        for (int r = 0; r < rows; r++) {
            double[] row = perRegime
                    ? baseline.regimeDistributions().get(r).deciles()
                    : hasDistribution ? all.deciles() : infinities();
            System.arraycopy(row, 0, cuts, r * CUTS, CUTS);
        }
        this.min = hasDistribution ? all.min() : Double.NEGATIVE_INFINITY;
        this.max = hasDistribution ? all.max() : Double.POSITIVE_INFINITY;
        List<ModelMetadata.RegimeSummary> regimes = baseline == null ? List.of() : baseline.regimes();
        this.hasRegimes = !regimes.isEmpty();
        this.centroids = new double[rows];
        this.inverseSpreads = new double[rows];
        for (ModelMetadata.RegimeSummary r : regimes) {
            if (r.regime() >= 0 && r.regime() < rows) {
                centroids[r.regime()] = r.centroid();
                inverseSpreads[r.regime()] = 1.0 / r.spread();
            }
        }
    }

    private static double[] infinities() {
        double[] none = new double[CUTS];
        Arrays.fill(none, Double.POSITIVE_INFINITY);
        return none;
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

    /**
     * The decile bin of {@code t} predicted in {@code regime}: the number of that regime's cut points
     * below t (bins are (cut[i-1], cut[i]], as a quantile is "at most"; of equal cut points, the
     * first). The per-reading code counts the same comparisons without a bin index (see {@link DriftWindow}).
     */
    int bin(int regime, double t) {
        int bin = 0;
        for (int i = 0; i < CUTS; i++) {
            bin += cuts[regime * CUTS + i] < t ? 1 : 0;
        }
        return bin;
    }

    /**
     * One bin's term of the population stability index of N readings against bins that each hold a
     * tenth of the training data:
     * <pre>
     *   PSI = sum over the 10 bins of (a_i - e_i) * ln(a_i / e_i),   e_i = 0.1,
     *   a_i = (n_i + 0.5) / (N + 10 * 0.5)
     * </pre>
     * where n_i is the readings in bin i: half a reading is added to every bin (additive smoothing)
     * so that an empty bin contributes a large but finite term.
     */
    static double psiTerm(long observed, long n) {
        double a = (observed + SMOOTHING) / (n + BINS * SMOOTHING);
        return (a - EXPECTED_SHARE) * Math.log(a / EXPECTED_SHARE);
    }
}
