package io.regimestream.training.spark;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * VectorAssembler -> StandardScaler -> MultilayerPerceptronClassifier on a train/test split.
 * The scaler matters: on raw 40..70 °C values LBFGS stalls and accuracy falls to ~20 %.
 */
public final class ClassifierTraining {

    /** One scored test row: what the PMML must reproduce. */
    public record ScoredRow(double temperature, int label, int prediction, double[] probabilities) {}

    /**
     * @param model      the fitted pipeline (what goes to PMML)
     * @param trainRows  rows trained on
     * @param testRows   Spark's predictions on every test row
     * @param confusion  rows = actual regime, columns = predicted regime
     */
    public record Result(PipelineModel model, long trainRows, List<ScoredRow> testRows, long[][] confusion) {

        public double accuracy() {
            long right = 0, all = 0;
            for (int i = 0; i < confusion.length; i++) {
                for (int j = 0; j < confusion[i].length; j++) {
                    all += confusion[i][j];
                    if (i == j) {
                        right += confusion[i][j];
                    }
                }
            }
            return all == 0 ? 0 : (double) right / all;
        }
    }

    private ClassifierTraining() {}

    /** @param layers full layer sizes: [1, hidden..., k] */
    public static Result train(Dataset<Row> labelled, int[] layers, int maxIter, double testFraction, long seed) {
        Dataset<Row>[] split = labelled.randomSplit(new double[] {1 - testFraction, testFraction}, seed);
        Dataset<Row> train = split[0].cache();
        Dataset<Row> test = split[1];

        PipelineModel model = pipeline(layers, maxIter, seed).fit(train);
        List<Row> scored = model.transform(test)
                .select(col(Columns.TEMPERATURE), col(Columns.LABEL), col(Columns.PREDICTION), col(Columns.PROBABILITY))
                .collectAsList();
        int k = layers[layers.length - 1];
        long[][] confusion = new long[k][k];
        List<ScoredRow> rows = new ArrayList<>(scored.size());
        for (Row r : scored) {
            ScoredRow row =
                    new ScoredRow(r.getDouble(0), r.getInt(1), (int) r.getDouble(2), ((Vector) r.get(3)).toArray());
            confusion[row.label()][row.prediction()]++;
            rows.add(row);
        }
        long trainRows = train.count();
        train.unpersist();
        return new Result(model, trainRows, rows, confusion);
    }

    static Pipeline pipeline(int[] layers, int maxIter, long seed) {
        return new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler()
                    .setInputCols(new String[] {Columns.TEMPERATURE})
                    .setOutputCol(Columns.RAW_FEATURES),
            new StandardScaler()
                    .setInputCol(Columns.RAW_FEATURES)
                    .setOutputCol(Columns.FEATURES)
                    .setWithMean(true)
                    .setWithStd(true),
            new MultilayerPerceptronClassifier()
                    .setLayers(layers)
                    .setMaxIter(maxIter)
                    .setSeed(seed)
                    .setLabelCol(Columns.LABEL)
                    .setFeaturesCol(Columns.FEATURES)
        });
    }
}
