package io.regimestream.sql;

import io.regimestream.model.RegimeModel;
import io.regimestream.model.RegimeScore;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedCatalogModel;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * How a {@code CREATE MODEL}'s INPUT and OUTPUT columns map to the PMML model, checked at planning
 * time: the one input column is the model's input field by name (any numeric type); each output
 * column is, by name, {@code regime} (INT), {@code confidence} (DOUBLE), {@code model_version}
 * (STRING) or {@code probability<i>} (DOUBLE, regime i's probability), in any order and any subset.
 */
final class PredictColumns implements Serializable {

    private static final long serialVersionUID = 1L;

    static final String REGIME = "regime";
    static final String CONFIDENCE = "confidence";
    static final String MODEL_VERSION = "model_version";
    private static final Pattern PROBABILITY = Pattern.compile("probability_?(\\d+)");

    private final LogicalTypeRoot inputType;
    private final int inputScale; // DECIMAL only
    private final List<Output> outputs;
    private final int highestProbability;

    /** One output column: what it holds and, for a probability, whose. */
    private record Output(String kind, int regime) implements Serializable {}

    private PredictColumns(LogicalTypeRoot inputType, int inputScale, List<Output> outputs) {
        this.inputType = inputType;
        this.inputScale = inputScale;
        this.outputs = outputs;
        this.highestProbability =
                outputs.stream().mapToInt(Output::regime).max().orElse(-1);
    }

    static PredictColumns of(String model, ResolvedCatalogModel catalogModel, RegimeModel regimeModel) {
        List<Column> inputs = catalogModel.getResolvedInputSchema().getColumns();
        if (inputs.size() != 1) {
            throw invalid(
                    model,
                    "INPUT has " + inputs.size() + " columns " + names(inputs) + "; the PMML model takes one, '"
                            + RegimeModel.TEMPERATURE + "' (a numeric column of that name)");
        }
        Column input = inputs.get(0);
        if (!input.getName().equalsIgnoreCase(RegimeModel.TEMPERATURE)) {
            throw invalid(
                    model,
                    "INPUT column '" + input.getName() + "' is not a field of the PMML model; its input field is '"
                            + RegimeModel.TEMPERATURE + "' (columns map to PMML fields by name)");
        }
        LogicalType inputType = input.getDataType().getLogicalType();
        if (!inputType.is(LogicalTypeFamily.NUMERIC)) {
            throw invalid(
                    model,
                    "INPUT column '" + input.getName() + "' is " + inputType.asSummaryString() + "; the PMML field '"
                            + RegimeModel.TEMPERATURE + "' is a double: declare it DOUBLE (or another numeric type)");
        }
        int scale = inputType.is(LogicalTypeRoot.DECIMAL) ? ((DecimalType) inputType).getScale() : 0;

        List<Output> outputs = new ArrayList<>();
        for (Column column : catalogModel.getResolvedOutputSchema().getColumns()) {
            outputs.add(output(model, column, regimeModel.regimeCount()));
        }
        if (outputs.isEmpty()) {
            throw invalid(model, "OUTPUT has no columns; declare at least 'regime INT'");
        }
        return new PredictColumns(inputType.getTypeRoot(), scale, outputs);
    }

    private static Output output(String model, Column column, int regimeCount) {
        String name = column.getName().toLowerCase(Locale.ROOT);
        LogicalType type = column.getDataType().getLogicalType();
        Matcher probability = PROBABILITY.matcher(name);
        if (name.equals(REGIME)) {
            return checked(model, column, type.is(LogicalTypeRoot.INTEGER), "INT", new Output(REGIME, -1));
        } else if (name.equals(CONFIDENCE)) {
            return checked(model, column, type.is(LogicalTypeRoot.DOUBLE), "DOUBLE", new Output(CONFIDENCE, -1));
        } else if (name.equals(MODEL_VERSION) || name.equals("modelversion")) {
            return checked(
                    model,
                    column,
                    type.is(LogicalTypeFamily.CHARACTER_STRING),
                    "STRING",
                    new Output(MODEL_VERSION, -1));
        } else if (probability.matches()) {
            int regime = Integer.parseInt(probability.group(1));
            if (regime >= regimeCount) {
                throw invalid(
                        model,
                        "OUTPUT column '" + column.getName() + "': the model has " + regimeCount
                                + " regimes (probability0 .. probability" + (regimeCount - 1) + ")");
            }
            return checked(model, column, type.is(LogicalTypeRoot.DOUBLE), "DOUBLE", new Output("probability", regime));
        }
        throw invalid(
                model,
                "OUTPUT column '" + column.getName() + "' is not something the PMML model predicts; "
                        + "choose from regime INT, confidence DOUBLE, model_version STRING, probability0 .. probability"
                        + (regimeCount - 1) + " DOUBLE");
    }

    private static Output checked(String model, Column column, boolean fits, String expected, Output output) {
        if (!fits) {
            throw invalid(
                    model,
                    "OUTPUT column '" + column.getName() + "' is "
                            + column.getDataType().getLogicalType().asSummaryString() + "; declare it " + expected);
        }
        return output;
    }

    /** At open: the model read then must still have every regime a probability column names. */
    void checkRegimeCount(RegimeModel model) {
        if (highestProbability >= model.regimeCount()) {
            throw new IllegalStateException("The PMML model at " + model.location() + " now has " + model.regimeCount()
                    + " regimes, but the query reads probability" + highestProbability
                    + ": re-create the model and the query");
        }
    }

    double temperature(RowData input) {
        return switch (inputType) {
            case DOUBLE -> input.getDouble(0);
            case FLOAT -> input.getFloat(0);
            case INTEGER -> input.getInt(0);
            case BIGINT -> input.getLong(0);
            case SMALLINT -> input.getShort(0);
            case TINYINT -> input.getByte(0);
            case DECIMAL -> input.getDecimal(0, 38, inputScale).toBigDecimal().doubleValue();
            default -> throw new IllegalStateException("unchecked input type " + inputType);
        };
    }

    RowData output(RegimeScore score, String modelVersion) {
        GenericRowData row = new GenericRowData(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            Output output = outputs.get(i);
            row.setField(
                    i,
                    switch (output.kind()) {
                        case REGIME -> score.regime();
                        case CONFIDENCE -> score.confidence();
                        case MODEL_VERSION -> StringData.fromString(modelVersion);
                        default -> score.probabilities()[output.regime()];
                    });
        }
        return row;
    }

    private static String names(List<Column> columns) {
        return columns.stream().map(Column::getName).toList().toString();
    }

    private static ValidationException invalid(String model, String problem) {
        return new ValidationException("Model " + model + " ('provider' = 'pmml'): " + problem);
    }
}
