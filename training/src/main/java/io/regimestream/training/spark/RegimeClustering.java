package io.regimestream.training.spark;

import io.regimestream.common.model.ModelMetadata.RegimeSummary;
import io.regimestream.training.regimes.RegimeOrder;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.when;

/** KMeans with the chosen k on all data; clusters renumbered so regime 0 is the coolest. */
public final class RegimeClustering {

    /**
     * @param labelled temperature + label (the regime number)
     * @param regimes  per regime: mean temperature, sample standard deviation, count; coolest first
     */
    public record Result(Dataset<Row> labelled, List<RegimeSummary> regimes) {
    }

    private RegimeClustering() {
    }

    public static Result cluster(Dataset<Row> temperatures, int k, long seed) {
        Dataset<Row> features = ElbowMethod.withFeatures(temperatures);
        KMeansModel model = ElbowMethod.kMeans(k, seed).fit(features);
        Vector[] centers = model.clusterCenters();
        double[] centroids = new double[centers.length];
        for (int c = 0; c < centers.length; c++) {
            centroids[c] = centers[c].apply(0);
        }
        int[] regimeOfCluster = RegimeOrder.regimeOfCluster(centroids);

        Column regime = lit(null);
        for (int c = centers.length - 1; c >= 0; c--) {
            regime = when(col(Columns.CLUSTER).equalTo(c), lit(regimeOfCluster[c])).otherwise(regime);
        }
        Dataset<Row> labelled = model.transform(features)
                .select(col(Columns.TEMPERATURE), regime.cast("int").as(Columns.LABEL))
                .cache();

        List<RegimeSummary> regimes = new ArrayList<>();
        for (Row r : labelled.groupBy(Columns.LABEL)
                .agg(avg(Columns.TEMPERATURE), stddev_samp(Columns.TEMPERATURE), count(lit(1)))
                .orderBy(Columns.LABEL).collectAsList()) {
            double spread = r.isNullAt(2) || Double.isNaN(r.getDouble(2)) ? 0 : r.getDouble(2); // one-row cluster
            regimes.add(new RegimeSummary(r.getInt(0), r.getDouble(1), spread, r.getLong(3)));
        }
        return new Result(labelled, regimes);
    }
}
