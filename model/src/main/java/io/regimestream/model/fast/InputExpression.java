package io.regimestream.model.fast;

/**
 * A compiled PMML expression of the model's one numeric input: the scaler of a
 * VectorAssembler -> StandardScaler pipeline, e.g. {@code (temperature - mean) * (1 / std)}.
 * Each node does exactly the double operation JPMML does for the same {@code Apply}, in the
 * same order, so results are bit-identical.
 */
sealed interface InputExpression {

    double apply(double input);

    /** {@code FieldRef} to the model's input field. */
    record Input() implements InputExpression {
        @Override
        public double apply(double input) {
            return input;
        }
    }

    /** {@code Constant dataType="double"}. */
    record Constant(double value) implements InputExpression {
        @Override
        public double apply(double input) {
            return value;
        }
    }

    record Add(InputExpression left, InputExpression right) implements InputExpression {
        @Override
        public double apply(double input) {
            return left.apply(input) + right.apply(input);
        }
    }

    record Subtract(InputExpression left, InputExpression right) implements InputExpression {
        @Override
        public double apply(double input) {
            return left.apply(input) - right.apply(input);
        }
    }

    record Multiply(InputExpression left, InputExpression right) implements InputExpression {
        @Override
        public double apply(double input) {
            return left.apply(input) * right.apply(input);
        }
    }

    record Divide(InputExpression left, InputExpression right) implements InputExpression {
        @Override
        public double apply(double input) {
            return left.apply(input) / right.apply(input);
        }
    }
}
