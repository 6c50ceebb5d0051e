package io.regimestream.training.spark;

import io.regimestream.common.model.ModelMetadata.ElbowPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** KMeans cost for each k in a range, on a sample of the data (<a href="https://datasciencechalktalk.com/2019/07/17/streaming-analysis-with-kafka-influxdb-and-grafana/">the article</a> used 10 %). */
public final class ElbowMethod {

    private ElbowMethod() {}

    /** @param onPoint called after each k, for progress output */
    public static List<ElbowPoint> costs(
            Dataset<Row> sample, int kMin, int kMax, long seed, Consumer<ElbowPoint> onPoint) {
        // One partition: a 10 % sample is small, and each KMeans iteration is a Spark job whose
        // per-task overhead otherwise dominates (11 values of k x up to 50 iterations).
        Dataset<Row> features = withFeatures(sample).coalesce(1).cache();
        List<ElbowPoint> curve = new ArrayList<>();
        for (int k = kMin; k <= kMax; k++) {
            double cost = kMeans(k, seed).fit(features).summary().trainingCost();
            ElbowPoint point = new ElbowPoint(k, cost);
            curve.add(point);
            onPoint.accept(point);
        }
        features.unpersist();
        return curve;
    }

    static KMeans kMeans(int k, long seed) {
        return new KMeans()
                .setK(k)
                .setSeed(seed)
                .setMaxIter(50)
                .setFeaturesCol(Columns.FEATURES)
                .setPredictionCol(Columns.CLUSTER);
    }

    static Dataset<Row> withFeatures(Dataset<Row> frame) {
        return new VectorAssembler()
                .setInputCols(new String[] {Columns.TEMPERATURE})
                .setOutputCol(Columns.FEATURES)
                .transform(frame);
    }
}
