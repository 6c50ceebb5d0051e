package io.regimestream.model.fast;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dmg.pmml.PMML;
import org.jpmml.evaluator.Evaluator;
import org.jpmml.evaluator.EvaluatorUtil;
import org.jpmml.evaluator.HasPMML;
import org.jpmml.evaluator.HasProbability;
import org.jpmml.evaluator.InputField;
import org.jpmml.evaluator.LoadingModelEvaluatorBuilder;
import org.jpmml.evaluator.TargetField;

/** The JPMML evaluator, decoded the way the job decodes it: the winning regime and a probability per regime. */
final class JpmmlReference {

    private final Evaluator evaluator;
    private final InputField input;
    private final TargetField target;
    private final List<Object> categories;

    JpmmlReference(Path pmml) throws Exception {
        evaluator = new LoadingModelEvaluatorBuilder().load(pmml.toFile()).build();
        evaluator.verify();
        input = evaluator.getInputFields().get(0);
        target = evaluator.getTargetFields().get(0);
        categories = target.getCategories();
    }

    PMML pmml() {
        return ((HasPMML) evaluator).getPMML();
    }

    int regimeCount() {
        return categories.size();
    }

    /** @return the winning regime; fills {@code probabilities}; throws what JPMML throws */
    int score(double temperature, double[] probabilities) {
        Map<String, ?> results = evaluator.evaluate(Map.of(input.getName(), input.prepare(temperature)));
        Object result = results.get(target.getName());
        HasProbability distribution = (HasProbability) result;
        for (Object category : categories) {
            probabilities[Integer.parseInt(category.toString())] = distribution.getProbability(category);
        }
        return Integer.parseInt(EvaluatorUtil.decode(result).toString());
    }
}
