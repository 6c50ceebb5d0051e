package io.regimestream.sql;

import org.apache.flink.table.functions.PredictFunction;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.ml.PredictRuntimeProvider;

/** Hands the planner a {@link PmmlPredictFunction} for a model checked by the factory. */
final class PmmlPredictRuntimeProvider implements PredictRuntimeProvider {

    private final String path;
    private final PredictColumns columns;

    PmmlPredictRuntimeProvider(String path, PredictColumns columns) {
        this.path = path;
        this.columns = columns;
    }

    @Override
    public PredictFunction createPredictFunction(Context context) {
        return new PmmlPredictFunction(path, columns);
    }

    @Override
    public ModelProvider copy() {
        return new PmmlPredictRuntimeProvider(path, columns);
    }
}
