package io.regimestream.training.pmml;

import io.regimestream.training.spark.ClassifierTraining.ScoredRow;
import io.regimestream.training.spark.Columns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.jpmml.sparkml.PMMLBuilder;

/** The fitted Spark pipeline as PMML, with model verification records embedded. */
public final class PmmlExport {

    /** How many test rows go into the PMML's ModelVerification: enough to span all regimes, small enough to read. */
    static final int VERIFICATION_ROWS = 12;

    /**
     * Relative tolerance of the verification records. The default (1e-14) is at the edge of what
     * a different summation order gives; 1e-9 still catches any real mismatch.
     */
    static final double VERIFICATION_PRECISION = 1e-9;

    private PmmlExport() {}

    public static byte[] toPmml(SparkSession spark, PipelineModel model, List<ScoredRow> testRows) {
        PMMLBuilder builder = new PMMLBuilder(Columns.LABELLED_SCHEMA, model);
        if (!testRows.isEmpty()) {
            builder.verify(
                    spark.createDataFrame(verificationRows(testRows), Columns.LABELLED_SCHEMA),
                    VERIFICATION_PRECISION,
                    VERIFICATION_PRECISION);
        }
        return builder.buildByteArray();
    }

    /** Evenly spaced over the test rows sorted by temperature, so every regime and both ends appear. */
    static List<Row> verificationRows(List<ScoredRow> testRows) {
        List<ScoredRow> sorted = new ArrayList<>(testRows);
        sorted.sort(Comparator.comparingDouble(ScoredRow::temperature));
        int n = Math.min(VERIFICATION_ROWS, sorted.size());
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ScoredRow r = sorted.get(n == 1 ? 0 : (int) Math.round((double) i * (sorted.size() - 1) / (n - 1)));
            rows.add(RowFactory.create(r.temperature(), r.label()));
        }
        return rows;
    }
}
