package io.regimestream.benchmarks.scoring;

import org.jpmml.evaluator.Evaluator;
import org.jpmml.evaluator.EvaluatorUtil;
import org.jpmml.evaluator.HasProbability;
import org.jpmml.evaluator.InputField;
import org.jpmml.evaluator.LoadingModelEvaluatorBuilder;
import org.jpmml.evaluator.TargetField;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** JPMML called the way the job's RegimeModel calls it: prepare, evaluate, decode regime and probabilities. */
public final class JpmmlScoring {

    private final Evaluator evaluator;
    private final InputField input;
    private final TargetField target;
    private final List<Object> categories;

    public JpmmlScoring(Path pmml) throws Exception {
        evaluator = new LoadingModelEvaluatorBuilder().load(pmml.toFile()).build();
        evaluator.verify();
        input = evaluator.getInputFields().get(0);
        target = evaluator.getTargetFields().get(0);
        categories = target.getCategories();
    }

    public Evaluator evaluator() {
        return evaluator;
    }

    public int regimeCount() {
        return categories.size();
    }

    public int score(double temperature, double[] probabilities) {
        Map<String, ?> results = evaluator.evaluate(Map.of(input.getName(), input.prepare(temperature)));
        Object result = results.get(target.getName());
        HasProbability distribution = (HasProbability) result;
        for (Object category : categories) {
            probabilities[((Number) category).intValue()] = distribution.getProbability(category);
        }
        return ((Number) EvaluatorUtil.decode(result)).intValue();
    }
}
