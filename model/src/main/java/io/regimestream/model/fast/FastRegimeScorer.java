package io.regimestream.model.fast;

import org.dmg.pmml.PMML;

/**
 * A PMML neural-network classifier of one numeric input (VectorAssembler -> StandardScaler ->
 * MLP, as pmml-sparkml writes it) compiled into flat arrays: no maps, no boxing, one small work
 * array per call.
 *
 * <p>It does the same double operations as JPMML's {@code NeuralNetworkEvaluator}, in the same
 * order (connection sums from 0.0 in document order, then the bias, {@code 1 / (1 + exp(-x))},
 * softmax with the maximum subtracted, the first of equal maxima wins), so its results are
 * bit-identical to JPMML's. Inputs whose arithmetic goes through NaN (a NaN temperature, or
 * infinities that cancel) are not decided here: {@link #score} returns {@link #NOT_SCORED} and
 * the caller asks JPMML, which is the reference for those odd cases.
 *
 * <p>Immutable and thread-safe. Build one with {@link #compile(PMML)}.
 */
public final class FastRegimeScorer {

    /** Returned by {@link #score} when JPMML must decide (see class comment). */
    public static final int NOT_SCORED = -1;

    static final byte IDENTITY = 0;
    static final byte LOGISTIC = 1;
    static final byte TANH = 2;
    static final byte RECTIFIER = 3;

    private final InputExpression[] inputs;
    private final int[] connectionOffsets; // neuron n's connections: [offsets[n], offsets[n + 1])
    private final int[] connectionFrom; // index into the activation array
    private final double[] connectionWeight;
    private final double[] bias;
    private final boolean[] hasBias; // adding a missing bias as 0.0 would turn -0.0 into 0.0
    private final int[] layerEnd; // neuron index (exclusive) where each layer ends
    private final byte[] layerActivation;
    private final boolean[] layerSoftmax;
    private final int[] outputActivation; // NeuralOutputs in document order: activation index
    private final int[] outputRegime; // ... and the regime it is the probability of
    private final int regimeCount;
    private final String description;

    FastRegimeScorer(
            InputExpression[] inputs,
            int[] connectionOffsets,
            int[] connectionFrom,
            double[] connectionWeight,
            double[] bias,
            boolean[] hasBias,
            int[] layerEnd,
            byte[] layerActivation,
            boolean[] layerSoftmax,
            int[] outputActivation,
            int[] outputRegime,
            String description) {
        this.inputs = inputs;
        this.connectionOffsets = connectionOffsets;
        this.connectionFrom = connectionFrom;
        this.connectionWeight = connectionWeight;
        this.bias = bias;
        this.hasBias = hasBias;
        this.layerEnd = layerEnd;
        this.layerActivation = layerActivation;
        this.layerSoftmax = layerSoftmax;
        this.outputActivation = outputActivation;
        this.outputRegime = outputRegime;
        this.regimeCount = outputRegime.length;
        this.description = description;
    }

    /** Compiles {@code pmml} if the fast path reproduces it exactly, or says why not. */
    public static FastPathSupport compile(PMML pmml) {
        return FastScorerCompiler.compile(pmml);
    }

    public int regimeCount() {
        return regimeCount;
    }

    /** e.g. {@code 1 input -> 6 logistic -> 8 logistic -> 4 identity+softmax}. */
    public String describe() {
        return description;
    }

    /**
     * Scores one input value.
     *
     * @param probabilities filled with the probability of each regime, indexed by regime
     *                      (length at least {@link #regimeCount()})
     * @return the winning regime, or {@link #NOT_SCORED} when JPMML must decide
     */
    public int score(double input, double[] probabilities) {
        return score(input, probabilities, new double[inputs.length + bias.length]);
    }

    private int score(double input, double[] probabilities, double[] activations) {
        if (Double.isNaN(input)) {
            return NOT_SCORED; // JPMML refuses it as an invalid value; let it say so
        }
        int inputCount = inputs.length;
        for (int i = 0; i < inputCount; i++) {
            double value = inputs[i].apply(input);
            if (Double.isNaN(value)) {
                return NOT_SCORED; // JPMML treats a NaN derived value as missing
            }
            activations[i] = value;
        }
        int neuron = 0;
        for (int layer = 0; layer < layerEnd.length; layer++) {
            int first = neuron;
            byte activation = layerActivation[layer];
            for (int end = layerEnd[layer]; neuron < end; neuron++) {
                double sum = 0.0;
                for (int c = connectionOffsets[neuron], last = connectionOffsets[neuron + 1]; c < last; c++) {
                    sum += connectionWeight[c] * activations[connectionFrom[c]];
                }
                if (hasBias[neuron]) {
                    sum += bias[neuron];
                }
                activations[inputCount + neuron] = activate(activation, sum);
            }
            if (layerSoftmax[layer]) {
                softmax(activations, inputCount + first, inputCount + neuron);
            }
        }
        int winner = NOT_SCORED;
        double best = 0.0;
        for (int o = 0; o < outputActivation.length; o++) {
            double p = activations[outputActivation[o]];
            if (Double.isNaN(p)) {
                return NOT_SCORED;
            }
            probabilities[outputRegime[o]] = p;
            if (winner == NOT_SCORED || Double.compare(p, best) > 0) { // first of equal maxima wins, as in JPMML
                winner = outputRegime[o];
                best = p;
            }
        }
        return winner;
    }

    private static double activate(byte activation, double x) {
        switch (activation) {
            case LOGISTIC:
                return 1.0 / (1.0 + Math.exp(-x));
            case TANH:
                return Math.tanh(x);
            case RECTIFIER:
                return Math.max(x, 0.0);
            default:
                return x;
        }
    }

    /** JPMML's softmax: maximum by {@link Double#compare}, exp(x - max), divided by the running sum. */
    private static void softmax(double[] values, int from, int to) {
        double max = values[from];
        for (int i = from + 1; i < to; i++) {
            if (Double.compare(max, values[i]) < 0) {
                max = values[i];
            }
        }
        double sum = 0.0;
        for (int i = from; i < to; i++) {
            values[i] = Math.exp(values[i] - max);
            sum = i == from ? values[i] : sum + values[i];
        }
        if (sum == 1.0) {
            return;
        }
        if (sum == 0.0) {
            values[from] = Double.NaN; // JPMML: undefined result; NaN makes score() hand over to JPMML
            return;
        }
        for (int i = from; i < to; i++) {
            values[i] /= sum;
        }
    }

    /**
     * A single-threaded scoring session that reuses its work and probability arrays: for
     * benchmarks and hot loops that copy what they need out of {@link #probabilities()}.
     */
    public Session newSession() {
        return new Session();
    }

    public final class Session {
        private final double[] activations = new double[inputs.length + bias.length];
        private final double[] probabilities = new double[regimeCount];

        private Session() {}

        /** @return the winning regime, or {@link #NOT_SCORED} */
        public int score(double input) {
            return FastRegimeScorer.this.score(input, probabilities, activations);
        }

        /** The probabilities of the last {@link #score}; overwritten by the next. */
        public double[] probabilities() {
            return probabilities;
        }
    }
}
