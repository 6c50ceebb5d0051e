package io.regimestream.training.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Turns the driver's readings into a cached DataFrame. */
public final class Frames {

    private Frames() {}

    /**
     * A one-column ({@code temperature}) DataFrame, materialized with a local checkpoint: without
     * it every task of every later job (hundreds of KMeans and LBFGS iterations) carries its slice
     * of the driver's list (~1.5 MB per task at 50k rows) instead of reading the cached blocks.
     */
    public static Dataset<Row> temperatures(SparkSession spark, double[] temperatures) {
        List<Row> rows = new ArrayList<>(temperatures.length);
        for (double t : temperatures) {
            rows.add(RowFactory.create(t));
        }
        return parallelized(spark, rows, Columns.TEMPERATURE_SCHEMA).localCheckpoint();
    }

    /**
     * Temperature and the simulator's true regime per reading, for the agreement table only: a
     * frame of its own, so the training frame (whose columns the split's ordering depends on) stays as it was.
     */
    public static Dataset<Row> temperaturesWithTruth(SparkSession spark, double[] temperatures, int[] trueRegimes) {
        List<Row> rows = new ArrayList<>(temperatures.length);
        for (int i = 0; i < temperatures.length; i++) {
            rows.add(RowFactory.create(temperatures[i], trueRegimes[i]));
        }
        return parallelized(
                spark, rows, Columns.TEMPERATURE_SCHEMA.add(Columns.TRUE_REGIME, DataTypes.IntegerType, false));
    }

    private static Dataset<Row> parallelized(SparkSession spark, List<Row> rows, StructType schema) {
        int slices = Math.max(2, spark.sparkContext().defaultParallelism());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(rows, slices), schema);
    }
}
