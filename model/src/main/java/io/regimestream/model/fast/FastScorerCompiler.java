package io.regimestream.model.fast;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.dmg.pmml.Apply;
import org.dmg.pmml.Constant;
import org.dmg.pmml.DataDictionary;
import org.dmg.pmml.DataField;
import org.dmg.pmml.DataType;
import org.dmg.pmml.DerivedField;
import org.dmg.pmml.Expression;
import org.dmg.pmml.FieldRef;
import org.dmg.pmml.InvalidValueTreatmentMethod;
import org.dmg.pmml.LocalTransformations;
import org.dmg.pmml.MapValues;
import org.dmg.pmml.MathContext;
import org.dmg.pmml.MiningField;
import org.dmg.pmml.MiningFunction;
import org.dmg.pmml.Model;
import org.dmg.pmml.NormDiscrete;
import org.dmg.pmml.OpType;
import org.dmg.pmml.OutlierTreatmentMethod;
import org.dmg.pmml.Output;
import org.dmg.pmml.OutputField;
import org.dmg.pmml.PMML;
import org.dmg.pmml.ResultFeature;
import org.dmg.pmml.TransformationDictionary;
import org.dmg.pmml.Value;
import org.dmg.pmml.neural_network.Connection;
import org.dmg.pmml.neural_network.NeuralInput;
import org.dmg.pmml.neural_network.NeuralLayer;
import org.dmg.pmml.neural_network.NeuralNetwork;
import org.dmg.pmml.neural_network.NeuralOutput;
import org.dmg.pmml.neural_network.Neuron;

/**
 * Turns the PMML object model of a neural-network classifier into a {@link FastRegimeScorer}, or
 * refuses it with a reason. It accepts only what it reproduces exactly: one continuous double
 * input without missing/invalid/outlier treatment, local transformations made of
 * {@code + - * /} on double constants and field references, logistic/tanh/identity/rectifier
 * layers with optional softmax, and a categorical integer target whose regimes 0..k-1 each have
 * one {@code NormDiscrete} output neuron. Anything else (Targets, float math, other
 * activations, global transformations, other output features ...) stays with JPMML.
 */
final class FastScorerCompiler {

    private static final Pattern REGIME = Pattern.compile("0|[1-9][0-9]{0,8}");

    private FastScorerCompiler() {}

    static FastPathSupport compile(PMML pmml) {
        try {
            return FastPathSupport.supported(new FastScorerCompiler().build(pmml));
        } catch (UnsupportedModelException e) {
            return FastPathSupport.notSupported(e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // A malformed or absurdly nested document is JPMML's to judge; the fast path just steps aside.
            return FastPathSupport.notSupported("cannot read the model (" + e + ")");
        }
    }

    private final Map<String, InputExpression> fields = new HashMap<>();

    private FastRegimeScorer build(PMML pmml) throws UnsupportedModelException {
        require(pmml.hasModels() && pmml.getModels().size() == 1, "the document must hold exactly one model");
        Model model = pmml.getModels().get(0);
        require(
                model instanceof NeuralNetwork,
                "the model is a " + model.getClass().getSimpleName() + ", not a NeuralNetwork");
        NeuralNetwork network = (NeuralNetwork) model;
        require(network.isScorable(), "the model is marked not scorable");
        require(network.getMiningFunction() == MiningFunction.CLASSIFICATION, "the model is not a classification");
        require(
                network.getMathContext() == null || network.getMathContext() == MathContext.DOUBLE,
                "the model uses float math");
        require(
                network.getTargets() == null || !network.getTargets().hasTargets(),
                "the model has Targets (priors/rescaling)");
        TransformationDictionary dictionary = pmml.getTransformationDictionary();
        require(
                dictionary == null || (!dictionary.hasDerivedFields() && !dictionary.hasDefineFunctions()),
                "the document has global transformations");

        Map<String, DataField> dataFields = dataFields(pmml.getDataDictionary());
        String input = null;
        String target = null;
        for (MiningField field : network.getMiningSchema().getMiningFields()) {
            MiningField.UsageType usage = field.getUsageType();
            if (usage == null || usage == MiningField.UsageType.ACTIVE) {
                require(input == null, "the model has more than one input field");
                input = field.getName();
                checkInputTreatment(field);
            } else if (usage == MiningField.UsageType.TARGET || usage == MiningField.UsageType.PREDICTED) {
                require(target == null, "the model has more than one target field");
                target = field.getName();
            } else {
                throw new UnsupportedModelException("mining field '" + field.getName() + "' has usage " + usage);
            }
        }
        require(input != null, "the model has no input field");
        require(target != null, "the model has no target field");
        checkInputField(dataFields.get(input));
        List<String> categories = targetCategories(dataFields.get(target));
        fields.put(input, new InputExpression.Input());

        LocalTransformations local = network.getLocalTransformations();
        if (local != null && local.hasDerivedFields()) {
            for (DerivedField derived : local.getDerivedFields()) {
                require(!fields.containsKey(derived.getName()), "field '" + derived.getName() + "' is defined twice");
                fields.put(derived.getName(), derivedDouble(derived));
            }
        }
        checkOutput(network.getOutput());
        return network(network, target, categories);
    }

    private FastRegimeScorer network(NeuralNetwork network, String target, List<String> categories)
            throws UnsupportedModelException {
        Map<String, Integer> entities = new HashMap<>();
        List<InputExpression> inputs = new ArrayList<>();
        for (NeuralInput neuralInput : network.getNeuralInputs().getNeuralInputs()) {
            require(
                    entities.putIfAbsent(neuralInput.getId(), inputs.size()) == null,
                    "neural entity '" + neuralInput.getId() + "' is defined twice");
            inputs.add(derivedDouble(neuralInput.getDerivedField()));
        }
        require(!inputs.isEmpty(), "the network has no inputs");
        List<NeuralLayer> layers = network.getNeuralLayers();
        require(!layers.isEmpty(), "the network has no layers");
        FlatNetwork flat = new FlatNetwork(inputs.size(), layers.size());
        for (int l = 0; l < layers.size(); l++) {
            layer(network, layers.get(l), l, entities, flat);
        }
        Outputs outputs =
                outputs(network.getNeuralOutputs().getNeuralOutputs(), target, categories, entities, inputs.size());
        return flat.scorer(inputs, outputs.activation(), outputs.regime());
    }

    /** Checks one layer and adds its neurons; their ids join {@code entities} only after the layer. */
    private static void layer(
            NeuralNetwork network, NeuralLayer layer, int l, Map<String, Integer> entities, FlatNetwork flat)
            throws UnsupportedModelException {
        NeuralNetwork.ActivationFunction function =
                layer.getActivationFunction() != null ? layer.getActivationFunction() : network.getActivationFunction();
        byte activation = activation(function);
        require(
                function != NeuralNetwork.ActivationFunction.RECTIFIER
                        || (layer.getLeakage() == null && network.getLeakage() == null),
                "leaky rectifier");
        NeuralNetwork.NormalizationMethod normalization = layer.getNormalizationMethod() != null
                ? layer.getNormalizationMethod()
                : network.getNormalizationMethod();
        require(
                normalization == null
                        || normalization == NeuralNetwork.NormalizationMethod.NONE
                        || normalization == NeuralNetwork.NormalizationMethod.SOFTMAX,
                "normalization " + normalization);
        require(layer.hasNeurons(), "layer " + (l + 1) + " has no neurons");
        // A neuron sees only earlier layers: JPMML would also let it see its own layer's
        // neurons before normalization, which no trainer of ours writes; such models stay with JPMML.
        Map<String, Integer> layerEntities = new HashMap<>();
        for (Neuron neuron : layer.getNeurons()) {
            for (Connection connection : neuron.getConnections()) {
                Integer source = entities.get(connection.getFrom());
                require(source != null, "connection from unknown or later neuron '" + connection.getFrom() + "'");
                require(connection.getWeight() != null, "a connection has no weight");
                flat.connect(source, connection.getWeight().doubleValue());
            }
            require(
                    layerEntities.putIfAbsent(neuron.getId(), flat.nextEntity()) == null
                            && !entities.containsKey(neuron.getId()),
                    "neural entity '" + neuron.getId() + "' is defined twice");
            flat.endNeuron(neuron.getBias() == null ? null : neuron.getBias().doubleValue());
        }
        entities.putAll(layerEntities);
        flat.endLayer(
                activation,
                normalization == NeuralNetwork.NormalizationMethod.SOFTMAX,
                layer.getNeurons().size() + " " + function.value());
    }

    /** For each output: the neuron whose activation it reads, and the regime it is the probability of. */
    private record Outputs(int[] activation, int[] regime) {}

    /** Each output must be the indicator of one regime, every regime exactly once. */
    private static Outputs outputs(
            List<NeuralOutput> outputs,
            String target,
            List<String> categories,
            Map<String, Integer> entities,
            int inputCount)
            throws UnsupportedModelException {
        require(
                outputs.size() == categories.size(),
                "the network has " + outputs.size() + " outputs for " + categories.size() + " regimes");
        int[] outputActivation = new int[outputs.size()];
        int[] outputRegime = new int[outputs.size()];
        boolean[] seen = new boolean[categories.size()];
        for (int o = 0; o < outputs.size(); o++) {
            NeuralOutput output = outputs.get(o);
            Integer neuron = entities.get(output.getOutputNeuron());
            require(
                    neuron != null && neuron >= inputCount,
                    "output neuron '" + output.getOutputNeuron() + "' is unknown");
            Expression expression = output.getDerivedField() == null
                    ? null
                    : output.getDerivedField().getExpression();
            require(expression instanceof NormDiscrete, "an output is not a NormDiscrete of the target");
            NormDiscrete norm = (NormDiscrete) expression;
            require(target.equals(norm.getField()), "an output refers to '" + norm.getField() + "', not the target");
            require(norm.getMapMissingTo() == null, "an output has mapMissingTo");
            require(
                    norm.getMethod() == null || norm.getMethod() == NormDiscrete.Method.INDICATOR,
                    "an output is not an indicator");
            String category = String.valueOf(norm.getValue());
            int regime = categories.indexOf(category);
            require(regime >= 0 && !seen[regime], "output category '" + category + "' is unknown or repeated");
            seen[regime] = true;
            outputActivation[o] = neuron;
            outputRegime[o] = Integer.parseInt(category);
        }
        return new Outputs(outputActivation, outputRegime);
    }

    // ---------------------------------------------------------------- fields

    private static Map<String, DataField> dataFields(DataDictionary dictionary) throws UnsupportedModelException {
        require(dictionary != null, "the document has no DataDictionary");
        Map<String, DataField> fields = new HashMap<>();
        for (DataField field : dictionary.getDataFields()) {
            fields.put(field.getName(), field);
        }
        return fields;
    }

    private static void checkInputTreatment(MiningField field) throws UnsupportedModelException {
        String name = "input '" + field.getName() + "'";
        require(field.getOpType() == null || field.getOpType() == OpType.CONTINUOUS, name + " is not continuous");
        require(
                field.getMissingValueReplacement() == null && field.getMissingValueTreatment() == null,
                name + " has missing-value treatment");
        require(
                field.getInvalidValueTreatment() == null
                        || field.getInvalidValueTreatment() == InvalidValueTreatmentMethod.RETURN_INVALID,
                name + " has invalid-value treatment " + field.getInvalidValueTreatment());
        require(field.getInvalidValueReplacement() == null, name + " has an invalid-value replacement");
        require(
                field.getOutlierTreatment() == null || field.getOutlierTreatment() == OutlierTreatmentMethod.AS_IS,
                name + " has outlier treatment " + field.getOutlierTreatment());
    }

    private static void checkInputField(DataField field) throws UnsupportedModelException {
        require(field != null, "the input is not in the DataDictionary");
        require(
                field.getOpType() == OpType.CONTINUOUS && field.getDataType() == DataType.DOUBLE,
                "input '" + field.getName() + "' is not a continuous double");
        require(
                !field.hasIntervals() && !field.hasValues(),
                "input '" + field.getName() + "' declares valid/missing values");
    }

    private static List<String> targetCategories(DataField field) throws UnsupportedModelException {
        require(field != null, "the target is not in the DataDictionary");
        require(
                field.getOpType() == OpType.CATEGORICAL && field.getDataType() == DataType.INTEGER,
                "target '" + field.getName() + "' is not a categorical integer");
        List<String> categories = new ArrayList<>();
        for (Value value : field.getValues()) {
            require(
                    value.getProperty() == null || value.getProperty() == Value.Property.VALID,
                    "target '" + field.getName() + "' declares invalid/missing values");
            categories.add(String.valueOf(value.getValue()));
        }
        for (int regime = 0; regime < categories.size(); regime++) {
            require(
                    categories.contains(String.valueOf(regime))
                            && REGIME.matcher(categories.get(regime)).matches(),
                    "target '" + field.getName() + "' has regimes " + categories + ", expected 0.."
                            + (categories.size() - 1));
        }
        require(!categories.isEmpty(), "target '" + field.getName() + "' lists no regimes");
        return categories;
    }

    /** Output fields are computed by JPMML but not read by the job; accept only kinds that cannot fail. */
    private static void checkOutput(Output output) throws UnsupportedModelException {
        if (output == null || !output.hasOutputFields()) {
            return;
        }
        for (OutputField field : output.getOutputFields()) {
            ResultFeature feature = field.getResultFeature();
            boolean harmless = feature == ResultFeature.PREDICTED_VALUE
                    || feature == ResultFeature.PROBABILITY
                    || (feature == ResultFeature.TRANSFORMED_VALUE
                            && (field.getExpression() instanceof MapValues
                                    || field.getExpression() instanceof FieldRef));
            require(harmless, "output field '" + field.getName() + "' is a " + feature);
        }
    }

    // ---------------------------------------------------------------- expressions

    private InputExpression derivedDouble(DerivedField field) throws UnsupportedModelException {
        require(field != null, "a neural input has no DerivedField");
        require(
                field.getDataType() == DataType.DOUBLE && field.getOpType() == OpType.CONTINUOUS,
                "derived field '" + field.getName() + "' is not a continuous double");
        return expression(field.getExpression());
    }

    private InputExpression expression(Expression expression) throws UnsupportedModelException {
        if (expression instanceof FieldRef ref) {
            require(ref.getMapMissingTo() == null, "FieldRef '" + ref.getField() + "' has mapMissingTo");
            InputExpression field = fields.get(ref.getField());
            require(field != null, "FieldRef to unknown field '" + ref.getField() + "'");
            return field;
        }
        if (expression instanceof Constant constant) {
            require(
                    constant.getDataType() == DataType.DOUBLE && !constant.isMissing() && constant.getValue() != null,
                    "a Constant is not a double");
            Object value = constant.getValue();
            return new InputExpression.Constant(
                    value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString()));
        }
        if (expression instanceof Apply apply) {
            require(
                    apply.getMapMissingTo() == null
                            && apply.getDefaultValue() == null
                            && (apply.getInvalidValueTreatment() == null
                                    || apply.getInvalidValueTreatment() == InvalidValueTreatmentMethod.RETURN_INVALID),
                    "Apply '" + apply.getFunction() + "' has missing/invalid value handling");
            List<Expression> arguments = apply.getExpressions();
            require(
                    arguments.size() == 2,
                    "Apply '" + apply.getFunction() + "' has " + arguments.size() + " arguments");
            InputExpression left = expression(arguments.get(0));
            InputExpression right = expression(arguments.get(1));
            switch (String.valueOf(apply.getFunction())) {
                case "+":
                    return new InputExpression.Add(left, right);
                case "-":
                    return new InputExpression.Subtract(left, right);
                case "*":
                    return new InputExpression.Multiply(left, right);
                case "/":
                    return new InputExpression.Divide(left, right);
                default:
                    throw new UnsupportedModelException("function '" + apply.getFunction() + "'");
            }
        }
        throw new UnsupportedModelException("expression "
                + (expression == null ? "(none)" : expression.getClass().getSimpleName()));
    }

    private static byte activation(NeuralNetwork.ActivationFunction function) throws UnsupportedModelException {
        require(function != null, "a layer has no activation function");
        switch (function) {
            case IDENTITY:
                return FastRegimeScorer.IDENTITY;
            case LOGISTIC:
                return FastRegimeScorer.LOGISTIC;
            case TANH:
                return FastRegimeScorer.TANH;
            case RECTIFIER:
                return FastRegimeScorer.RECTIFIER;
            default:
                throw new UnsupportedModelException("activation " + function.value());
        }
    }

    private static void require(boolean condition, String reason) throws UnsupportedModelException {
        if (!condition) {
            throw new UnsupportedModelException(reason);
        }
    }
}
