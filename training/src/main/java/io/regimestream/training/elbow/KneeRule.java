package io.regimestream.training.elbow;

import io.regimestream.common.model.ModelMetadata.ElbowPoint;
import java.util.List;

/**
 * Picks k from an elbow curve: scale k and cost to 0..1, draw the straight line from the first
 * point (smallest k) to the last (largest k), and take the k whose point lies farthest below that
 * line (the "Kneedle" knee). Ties go to the smaller k. With fewer than three points there is no
 * knee, and the smallest k is taken.
 */
public final class KneeRule {

    /** The rule in words, as model.json and the report state it. */
    public static final String DESCRIPTION = "knee of the elbow curve: with k and KMeans cost both scaled to 0..1, "
            + "the k whose point lies farthest below the straight line from the first (smallest k) to the last "
            + "(largest k) point; ties go to the smaller k";

    private KneeRule() {}

    /** @param curve points in increasing k; at least one */
    public static int chooseK(List<ElbowPoint> curve) {
        if (curve.isEmpty()) {
            throw new IllegalArgumentException("the elbow curve is empty");
        }
        if (curve.size() < 3) {
            return curve.get(0).k();
        }
        ElbowPoint first = curve.get(0);
        ElbowPoint last = curve.get(curve.size() - 1);
        double kSpan = last.k() - first.k();
        double maxCost = curve.stream().mapToDouble(ElbowPoint::cost).max().orElseThrow();
        double minCost = curve.stream().mapToDouble(ElbowPoint::cost).min().orElseThrow();
        double costSpan = maxCost - minCost;
        if (costSpan <= 0) {
            return first.k();
        }
        double x0 = 0, y0 = (first.cost() - minCost) / costSpan;
        double x1 = 1, y1 = (last.cost() - minCost) / costSpan;
        int best = first.k();
        double bestDistance = Double.NEGATIVE_INFINITY;
        for (ElbowPoint p : curve) {
            double x = (p.k() - first.k()) / kSpan;
            double y = (p.cost() - minCost) / costSpan;
            double lineY = y0 + (y1 - y0) * (x - x0) / (x1 - x0);
            double below = lineY - y; // vertical distance; proportional to the perpendicular one for a fixed line
            if (below > bestDistance + 1e-12) {
                bestDistance = below;
                best = p.k();
            }
        }
        return best;
    }
}
