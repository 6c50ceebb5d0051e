package io.regimestream.job.testing;

import java.nio.file.Path;
import java.util.Map;
import org.jpmml.evaluator.Evaluator;
import org.jpmml.evaluator.EvaluatorUtil;
import org.jpmml.evaluator.LoadingModelEvaluatorBuilder;
import org.jpmml.evaluator.TargetField;

/** The regime straight from JPMML's evaluator, independent of the job's model code. */
public final class ExpectedRegimes {

    private final Evaluator evaluator;
    private final TargetField target;

    public ExpectedRegimes(Path pmml) throws Exception {
        evaluator = new LoadingModelEvaluatorBuilder().load(pmml.toFile()).build();
        target = evaluator.getTargetFields().get(0);
    }

    public int regimeOf(double temperature) {
        Map<String, ?> results = evaluator.evaluate(Map.of(
                evaluator.getInputFields().get(0).getName(),
                evaluator.getInputFields().get(0).prepare(temperature)));
        return Integer.parseInt(String.valueOf(EvaluatorUtil.decode(results.get(target.getName()))));
    }
}
