package io.regimestream.training.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Column names. {@code temperature} and {@code label} become the PMML's input and target field
 * names, which the stream job reads from the PMML: keep them. The label is an integer so the
 * PMML target is one too.
 */
public final class Columns {

    public static final String TEMPERATURE = "temperature";
    public static final String LABEL = "label";
    /** The regime the simulator really used, for comparing with the KMeans regimes (never trained on). */
    public static final String TRUE_REGIME = "trueRegime";

    static final String FEATURES = "features";
    static final String RAW_FEATURES = "rawFeatures";
    static final String CLUSTER = "cluster";
    static final String PREDICTION = "prediction";
    static final String PROBABILITY = "probability";

    public static final StructType TEMPERATURE_SCHEMA = new StructType().add(TEMPERATURE, DataTypes.DoubleType, false);
    public static final StructType LABELLED_SCHEMA = TEMPERATURE_SCHEMA.add(LABEL, DataTypes.IntegerType, false);

    private Columns() {}
}
