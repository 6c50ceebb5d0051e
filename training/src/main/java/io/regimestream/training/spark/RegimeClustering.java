package io.regimestream.training.spark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.when;

import io.regimestream.common.model.ModelMetadata.RegimeSummary;
import io.regimestream.training.regimes.RegimeOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** KMeans with the chosen k on all data; clusters renumbered so regime 0 is the coolest. */
public final class RegimeClustering {

    /**
     * @param labelled temperature + label (the regime number)
     * @param regimes  per regime: mean temperature, sample standard deviation, count; coolest first
     * @param model    the fitted KMeans, to label other frames the same way
     * @param regimeOfCluster regime number of each KMeans cluster
     */
    public record Result(Dataset<Row> labelled, List<RegimeSummary> regimes, KMeansModel model, int[] regimeOfCluster) {

        /** The frame with a {@code label} column: the regime this KMeans gives each row's temperature; other columns kept. */
        public Dataset<Row> label(Dataset<Row> frame) {
            return model.transform(ElbowMethod.withFeatures(frame))
                    .withColumn(Columns.LABEL, regimeColumn(regimeOfCluster))
                    .drop(Columns.FEATURES, Columns.CLUSTER);
        }

        /**
         * Readings per (KMeans regime, simulator regime): rows = KMeans regimes 0..k-1, columns =
         * the {@code truthRegimes} simulator regimes, from a frame of temperature and {@link Columns#TRUE_REGIME}.
         */
        public long[][] contingency(Dataset<Row> temperatureAndTruth, int truthRegimes) {
            long[][] table = new long[regimes.size()][truthRegimes];
            for (Row r : label(temperatureAndTruth)
                    .groupBy(Columns.LABEL, Columns.TRUE_REGIME)
                    .count()
                    .collectAsList()) {
                table[r.getInt(0)][r.getInt(1)] = r.getLong(2);
            }
            return table;
        }
    }

    private RegimeClustering() {}

    public static Result cluster(Dataset<Row> temperatures, int k, long seed) {
        Dataset<Row> features = ElbowMethod.withFeatures(temperatures);
        KMeansModel model = ElbowMethod.kMeans(k, seed).fit(features);
        Vector[] centers = model.clusterCenters();
        double[] centroids = new double[centers.length];
        for (int c = 0; c < centers.length; c++) {
            centroids[c] = centers[c].apply(0);
        }
        int[] regimeOfCluster = RegimeOrder.regimeOfCluster(centroids);
        Dataset<Row> labelled = model.transform(features)
                .select(col(Columns.TEMPERATURE), regimeColumn(regimeOfCluster).as(Columns.LABEL))
                .cache();

        List<RegimeSummary> regimes = new ArrayList<>();
        for (Row r : labelled.groupBy(Columns.LABEL)
                .agg(avg(Columns.TEMPERATURE), stddev_samp(Columns.TEMPERATURE), count(lit(1)))
                .orderBy(Columns.LABEL)
                .collectAsList()) {
            double spread = r.isNullAt(2) || Double.isNaN(r.getDouble(2)) ? 0 : r.getDouble(2); // one-row cluster
            regimes.add(new RegimeSummary(r.getInt(0), r.getDouble(1), spread, r.getLong(3)));
        }
        return new Result(labelled, regimes, model, regimeOfCluster);
    }

    /** The regime number of a row's KMeans cluster (column {@code cluster}), as an int. */
    private static Column regimeColumn(int[] regimeOfCluster) {
        Column regime = lit(null);
        for (int c = regimeOfCluster.length - 1; c >= 0; c--) {
            regime = when(col(Columns.CLUSTER).equalTo(c), lit(regimeOfCluster[c]))
                    .otherwise(regime);
        }
        return regime.cast("int");
    }
}
