package io.regimestream.job.health;

import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata;

/**
 * A model's {@link DriftBaseline} made fast to compare a reading with: which decile bin it falls
 * in (a binary search over the 9 cut points), whether it lies outside the training range, and how
 * many spreads it is from the nearest regime centroid.
 */
final class DriftReference {

    static final int BINS = DriftBaseline.DECILES + 1;
    /** Added to every bin's count before PSI, so an empty bin gives a finite logarithm (see {@link #psi}). */
    static final double SMOOTHING = 0.5;

    private static final double EXPECTED_SHARE = 1.0 / BINS;

    private final double[] cuts; // null: no training distribution
    private final double min;
    private final double max;
    private final double[] centroids; // empty: no regimes
    private final double[] inverseSpreads;

    DriftReference(DriftBaseline baseline) {
        ModelMetadata.TrainingDistribution d = baseline == null ? null : baseline.distribution();
        this.cuts = d == null ? null : d.deciles().clone();
        this.min = d == null ? Double.NaN : d.min();
        this.max = d == null ? Double.NaN : d.max();
        var regimes = baseline == null ? java.util.List.<ModelMetadata.RegimeSummary>of() : baseline.regimes();
        this.centroids = regimes.stream()
                .mapToDouble(ModelMetadata.RegimeSummary::centroid)
                .toArray();
        this.inverseSpreads =
                regimes.stream().mapToDouble(r -> 1.0 / r.spread()).toArray();
    }

    boolean hasDistribution() {
        return cuts != null;
    }

    boolean hasRegimes() {
        return centroids.length > 0;
    }

    /**
     * The decile bin of {@code t}: 0 for t <= the 10 % cut point, 9 above the 90 % one, i.e. the
     * number of cut points below t (bins are (cut[i-1], cut[i]], as a quantile is "at most"; of
     * equal cut points, the first). Counted without branches: a binary search over 9 values
     * mispredicts about every other step on readings that spread over the bins.
     */
    int bin(double t) {
        double[] c = cuts;
        return (c[0] < t ? 1 : 0)
                + (c[1] < t ? 1 : 0)
                + (c[2] < t ? 1 : 0)
                + (c[3] < t ? 1 : 0)
                + (c[4] < t ? 1 : 0)
                + (c[5] < t ? 1 : 0)
                + (c[6] < t ? 1 : 0)
                + (c[7] < t ? 1 : 0)
                + (c[8] < t ? 1 : 0);
    }

    boolean outOfRange(double t) {
        return t < min || t > max;
    }

    /** Distance to the nearest centroid in that regime's spreads: min over regimes of |t - c| / spread. */
    double centroidDistance(double t) {
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < centroids.length; r++) {
            best = Math.min(best, Math.abs(t - centroids[r]) * inverseSpreads[r]);
        }
        return best;
    }

    /**
     * Population stability index of the observed bin counts against the training deciles, whose
     * bins each hold a tenth of the training data:
     * <pre>
     *   PSI = sum over the 10 bins of (a_i - e_i) * ln(a_i / e_i),   e_i = 0.1,
     *   a_i = (n_i + 0.5) / (N + 10 * 0.5)
     * </pre>
     * where n_i is the readings in bin i and N all readings: half a reading is added to every bin
     * (additive smoothing) so that an empty bin contributes a large but finite term.
     *
     * @param counts the bin counts: {@code counts[offset] .. counts[offset + 9]} plus, when
     *               {@code other >= 0}, {@code counts[other] .. counts[other + 9]} (the window's two halves)
     */
    static double psi(int[] counts, int offset, int other, long n) {
        double total = n + BINS * SMOOTHING;
        double psi = 0;
        for (int i = 0; i < BINS; i++) {
            psi += psiTerm(counts[offset + i] + (other >= 0 ? counts[other + i] : 0), total);
        }
        return psi;
    }

    /** The PSI of {@code bins} ({@value #BINS} counts, {@code n} readings in all), as {@link #psi(int[], int, int, long)}. */
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
