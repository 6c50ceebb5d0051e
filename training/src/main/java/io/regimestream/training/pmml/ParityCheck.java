package io.regimestream.training.pmml;

import io.regimestream.common.model.ModelMetadata.Parity;
import io.regimestream.training.spark.ClassifierTraining.ScoredRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jpmml.evaluator.Evaluator;
import org.jpmml.evaluator.EvaluatorUtil;
import org.jpmml.evaluator.InputField;
import org.jpmml.evaluator.LoadingModelEvaluatorBuilder;
import org.jpmml.evaluator.OutputField;

/**
 * Reloads the written PMML with the JPMML evaluator (the one the stream job uses) and scores every
 * test row: the regime must equal Spark's, and the largest probability difference is reported.
 */
public final class ParityCheck {

    private static final Pattern PROBABILITY_FIELD = Pattern.compile("probability\\((\\d+)\\)");

    /** The PMML loaded and self-verified; field names come from the model, not from constants. */
    public static final class PmmlModel {
        private final Evaluator evaluator;
        private final InputField input;
        private final String target;
        private final String[] probabilityFields;

        private PmmlModel(Evaluator evaluator) {
            this.evaluator = evaluator;
            this.input = evaluator.getInputFields().get(0);
            this.target = evaluator.getTargetFields().get(0).getName();
            List<String> probabilities = new ArrayList<>();
            for (OutputField f : evaluator.getOutputFields()) {
                Matcher m = PROBABILITY_FIELD.matcher(f.getName());
                if (m.matches()) {
                    int i = Integer.parseInt(m.group(1));
                    while (probabilities.size() <= i) {
                        probabilities.add(null);
                    }
                    probabilities.set(i, f.getName());
                }
            }
            this.probabilityFields = probabilities.toArray(String[]::new);
        }

        public static PmmlModel load(Path pmml) throws Exception {
            Evaluator evaluator =
                    new LoadingModelEvaluatorBuilder().load(pmml.toFile()).build();
            evaluator.verify(); // replays the embedded ModelVerification records
            if (evaluator.getInputFields().size() != 1) {
                throw new IllegalStateException(
                        pmml + ": expected one input field, found " + evaluator.getInputFields());
            }
            return new PmmlModel(evaluator);
        }

        public String inputField() {
            return input.getName();
        }

        public String targetField() {
            return target;
        }

        /** @return [regime, p0, p1, ...] */
        public double[] score(double temperature) {
            Map<String, ?> results =
                    EvaluatorUtil.decodeAll(evaluator.evaluate(Map.of(input.getName(), input.prepare(temperature))));
            double[] out = new double[probabilityFields.length + 1];
            out[0] = Double.parseDouble(String.valueOf(results.get(target)));
            for (int i = 0; i < probabilityFields.length; i++) {
                out[i + 1] = ((Number) results.get(probabilityFields[i])).doubleValue();
            }
            return out;
        }

        public int regime(double temperature) {
            return (int) score(temperature)[0];
        }
    }

    /** @param disagreementExamples the first few rows where JPMML and Spark disagree, for the error message */
    public record Outcome(Parity parity, List<String> disagreementExamples) {}

    private ParityCheck() {}

    public static Outcome compare(PmmlModel model, List<ScoredRow> sparkRows) {
        long disagreements = 0;
        double maxDifference = 0;
        List<String> examples = new ArrayList<>();
        for (ScoredRow row : sparkRows) {
            double[] pmml = model.score(row.temperature());
            int regime = (int) pmml[0];
            if (regime != row.prediction()) {
                disagreements++;
                if (examples.size() < 5) {
                    examples.add(
                            "temperature " + row.temperature() + ": Spark " + row.prediction() + ", PMML " + regime);
                }
            }
            for (int i = 0; i < row.probabilities().length; i++) {
                double pmmlProbability = i + 1 < pmml.length ? pmml[i + 1] : Double.NaN;
                double difference = Math.abs(pmmlProbability - row.probabilities()[i]);
                maxDifference =
                        Double.isNaN(difference) ? Double.POSITIVE_INFINITY : Math.max(maxDifference, difference);
            }
        }
        return new Outcome(new Parity(sparkRows.size(), disagreements, maxDifference), examples);
    }
}
