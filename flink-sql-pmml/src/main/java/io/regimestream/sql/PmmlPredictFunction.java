package io.regimestream.sql;

import io.regimestream.model.RegimeModel;
import io.regimestream.model.RegimeScore;
import java.util.Collection;
import java.util.List;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.PredictFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores one row of ML_PREDICT's input columns. The model is loaded once per task in
 * {@link #open}, with the job's checks and engine choice (fast path when exact, JPMML otherwise);
 * only the path and the column layout travel with the function.
 *
 * <p>Public because the planner's generated code calls it from another class loader.
 */
public final class PmmlPredictFunction extends PredictFunction {

    private static final Logger LOG = LoggerFactory.getLogger(PmmlPredictFunction.class);

    private final String path;
    private final PredictColumns columns;
    private transient RegimeModel model;

    PmmlPredictFunction(String path, PredictColumns columns) {
        this.path = path;
        this.columns = columns;
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        // The file may have changed since planning: the same checks again, failing the task if it no longer passes.
        model = ProviderClassLoader.load(path);
        columns.checkRegimeCount(model);
        LOG.info("ML_PREDICT with PMML model {}: {}", model.version(), model.describe());
    }

    @Override
    public Collection<RowData> predict(RowData input) {
        if (input.isNullAt(0)) {
            return List.of(); // nothing to score: the row gets no prediction, as in an inner join
        }
        double temperature = columns.temperature(input);
        if (!Double.isFinite(temperature)) {
            return List.of(); // the job dead-letters these; a model has no answer for them
        }
        RegimeScore score = model.score(temperature);
        return List.of(columns.output(score, model.version()));
    }
}
