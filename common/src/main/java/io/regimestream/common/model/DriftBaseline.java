package io.regimestream.common.model;

import java.util.List;

/**
 * What a model's training data looked like, as far as drift needs it: the temperature distribution
 * (deciles, min, max), each regime's centroid and spread, and per regime the distribution of the
 * training readings the model predicts in it. Comes from {@code model.json}, or from a model
 * announcement (fields {@code trainingDistribution}, {@code regimes} and {@code regimeDistributions},
 * as in {@code model.json}), so a model swapped in live is watched for drift too.
 *
 * @param distribution        the training temperatures; null when unknown (no PSI or range figures)
 * @param regimes             per regime centroid and spread; null or empty when unknown (no centroid distance)
 * @param regimeDistributions per regime (index = regime), the training temperatures the model predicts in it;
 *                            null or empty when unknown (PSI then compares with {@code distribution} as a whole)
 */
public record DriftBaseline(
        ModelMetadata.TrainingDistribution distribution,
        List<ModelMetadata.RegimeSummary> regimes,
        List<ModelMetadata.TrainingDistribution> regimeDistributions) {

    public static final int DECILES = 9;
    /** More regimes than any model of ours has; bounds what an announcement can put into the job's state. */
    public static final int MAX_REGIMES = 256;

    public DriftBaseline {
        regimes = regimes == null ? List.of() : List.copyOf(regimes);
        regimeDistributions = regimeDistributions == null ? List.of() : List.copyOf(regimeDistributions);
    }

    /** The baseline in {@code metadata}; null when it holds neither a distribution nor regimes. */
    public static DriftBaseline of(ModelMetadata metadata) {
        if (metadata == null
                || (metadata.trainingDistribution() == null
                        && (metadata.regimes() == null || metadata.regimes().isEmpty()))) {
            return null;
        }
        return new DriftBaseline(metadata.trainingDistribution(), metadata.regimes(), metadata.regimeDistributions());
    }

    public boolean hasDistribution() {
        return distribution != null;
    }

    public boolean hasRegimes() {
        return !regimes.isEmpty();
    }

    /**
     * Whether regimes 0 .. {@code regimeCount - 1} each have the distribution of their training readings,
     * beside the distribution of all of them (whose range the out-of-range share is measured against).
     */
    public boolean hasRegimeDistributions(int regimeCount) {
        return hasDistribution() && regimeCount > 0 && regimeDistributions.size() >= regimeCount;
    }

    /**
     * Checks that drift can be computed from it: finite values, {@value #DECILES} ascending cut
     * points inside [min, max], spreads above 0, and the same of every regime's distribution.
     *
     * @throws IllegalArgumentException saying which value is wrong
     */
    public void check() {
        if (distribution != null) {
            check(distribution, "\"trainingDistribution\"");
        }
        if (regimes.size() > MAX_REGIMES || regimeDistributions.size() > MAX_REGIMES) {
            throw new IllegalArgumentException("\"regimes\" / \"regimeDistributions\" list "
                    + Math.max(regimes.size(), regimeDistributions.size()) + " regimes, more than the " + MAX_REGIMES
                    + " allowed");
        }
        for (ModelMetadata.RegimeSummary r : regimes) {
            if (!Double.isFinite(r.centroid()) || !(r.spread() > 0) || !Double.isFinite(r.spread())) {
                throw new IllegalArgumentException("regime " + r.regime()
                        + " needs a finite centroid and a spread above 0, was " + r.centroid() + " / " + r.spread());
            }
        }
        for (int r = 0; r < regimeDistributions.size(); r++) {
            check(regimeDistributions.get(r), "\"regimeDistributions\"[" + r + "]");
        }
    }

    private static void check(ModelMetadata.TrainingDistribution d, String name) {
        double[] cuts = d.deciles();
        if (!Double.isFinite(d.min()) || !Double.isFinite(d.max()) || d.min() > d.max()) {
            throw new IllegalArgumentException(
                    name + " needs finite min <= max, was min " + d.min() + ", max " + d.max());
        }
        if (cuts == null || cuts.length != DECILES) {
            throw new IllegalArgumentException(name + ".deciles must hold " + DECILES + " cut points, had "
                    + (cuts == null ? "none" : cuts.length));
        }
        for (int i = 0; i < cuts.length; i++) {
            if (!Double.isFinite(cuts[i])
                    || cuts[i] < d.min()
                    || cuts[i] > d.max()
                    || (i > 0 && cuts[i] < cuts[i - 1])) {
                throw new IllegalArgumentException(name + ".deciles must be ascending and within "
                        + "[min, max], cut point " + (i + 1) + " is " + cuts[i]);
            }
        }
        if (d.count() < 0) {
            throw new IllegalArgumentException(name + ".count must not be negative");
        }
    }
}
