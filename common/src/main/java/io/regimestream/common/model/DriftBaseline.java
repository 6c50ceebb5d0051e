package io.regimestream.common.model;

import java.util.List;

/**
 * What a model's training data looked like, as far as drift needs it: the temperature distribution
 * (deciles, min, max) and each regime's centroid and spread. Comes from {@code model.json}, or from
 * a model announcement (fields {@code trainingDistribution} and {@code regimes}, as in
 * {@code model.json}), so a model swapped in live is watched for drift too.
 *
 * @param distribution the training temperatures; null when unknown (no PSI or range figures)
 * @param regimes      per regime centroid and spread; null or empty when unknown (no centroid distance)
 */
public record DriftBaseline(
        ModelMetadata.TrainingDistribution distribution, List<ModelMetadata.RegimeSummary> regimes) {

    public static final int DECILES = 9;
    /** More regimes than any model of ours has; bounds what an announcement can put into the job's state. */
    public static final int MAX_REGIMES = 256;

    public DriftBaseline {
        regimes = regimes == null ? List.of() : List.copyOf(regimes);
    }

    /** The baseline in {@code metadata}; null when it holds neither a distribution nor regimes. */
    public static DriftBaseline of(ModelMetadata metadata) {
        if (metadata == null
                || (metadata.trainingDistribution() == null
                        && (metadata.regimes() == null || metadata.regimes().isEmpty()))) {
            return null;
        }
        return new DriftBaseline(metadata.trainingDistribution(), metadata.regimes());
    }

    public boolean hasDistribution() {
        return distribution != null;
    }

    public boolean hasRegimes() {
        return !regimes.isEmpty();
    }

    /**
     * Checks that drift can be computed from it: finite values, {@value #DECILES} ascending cut
     * points inside [min, max], spreads above 0.
     *
     * @throws IllegalArgumentException saying which value is wrong
     */
    public void check() {
        if (distribution != null) {
            double[] d = distribution.deciles();
            if (!Double.isFinite(distribution.min())
                    || !Double.isFinite(distribution.max())
                    || distribution.min() > distribution.max()) {
                throw new IllegalArgumentException("\"trainingDistribution\" needs finite min <= max, was min "
                        + distribution.min() + ", max " + distribution.max());
            }
            if (d == null || d.length != DECILES) {
                throw new IllegalArgumentException("\"trainingDistribution\".deciles must hold " + DECILES
                        + " cut points, had " + (d == null ? "none" : d.length));
            }
            for (int i = 0; i < d.length; i++) {
                if (!Double.isFinite(d[i])
                        || d[i] < distribution.min()
                        || d[i] > distribution.max()
                        || (i > 0 && d[i] < d[i - 1])) {
                    throw new IllegalArgumentException("\"trainingDistribution\".deciles must be ascending and within "
                            + "[min, max], cut point " + (i + 1) + " is " + d[i]);
                }
            }
            if (distribution.count() < 0) {
                throw new IllegalArgumentException("\"trainingDistribution\".count must not be negative");
            }
        }
        if (regimes.size() > MAX_REGIMES) {
            throw new IllegalArgumentException(
                    "\"regimes\" lists " + regimes.size() + " regimes, more than the " + MAX_REGIMES + " allowed");
        }
        for (ModelMetadata.RegimeSummary r : regimes) {
            if (!Double.isFinite(r.centroid()) || !(r.spread() > 0) || !Double.isFinite(r.spread())) {
                throw new IllegalArgumentException("regime " + r.regime()
                        + " needs a finite centroid and a spread above 0, was " + r.centroid() + " / " + r.spread());
            }
        }
    }
}
