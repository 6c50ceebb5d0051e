package io.regimestream.model.fast;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A network's layers flattened, neuron after neuron, into the arrays {@link FastRegimeScorer} walks
 * without a lookup: each neuron's connections as a range of sources and weights, its bias, and
 * where each layer ends with its activation and normalization. The compiler checks the PMML and
 * resolves names; this only records what it was given, in order.
 */
final class FlatNetwork {

    private final int inputs;
    private final List<Integer> offsets = new ArrayList<>(List.of(0));
    private final List<Integer> from = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();
    private final List<Double> biases = new ArrayList<>();
    private final List<Boolean> hasBias = new ArrayList<>();
    private final int[] layerEnd;
    private final byte[] activation;
    private final boolean[] softmax;
    private final StringJoiner shape;
    private int neurons;
    private int layers;

    FlatNetwork(int inputs, int layerCount) {
        this.inputs = inputs;
        this.layerEnd = new int[layerCount];
        this.activation = new byte[layerCount];
        this.softmax = new boolean[layerCount];
        this.shape = new StringJoiner(" -> ").add(inputs + " input" + (inputs == 1 ? "" : "s"));
    }

    /** The index the next neuron will have among all entities (the inputs come first). */
    int nextEntity() {
        return inputs + neurons;
    }

    /** One connection into the neuron being added, from an input or an earlier neuron. */
    void connect(int source, double weight) {
        from.add(source);
        weights.add(weight);
    }

    /** Closes the neuron whose connections were just given; {@code bias} null when the PMML has none. */
    void endNeuron(Double bias) {
        offsets.add(from.size());
        biases.add(bias == null ? 0.0 : bias);
        hasBias.add(bias != null);
        neurons++;
    }

    /** Closes the layer whose neurons were just given; {@code description} names it in {@link FastRegimeScorer#toString()}. */
    void endLayer(byte layerActivation, boolean layerSoftmax, String description) {
        layerEnd[layers] = neurons;
        activation[layers] = layerActivation;
        softmax[layers] = layerSoftmax;
        shape.add(description + (layerSoftmax ? "+softmax" : ""));
        layers++;
    }

    FastRegimeScorer scorer(List<InputExpression> inputExpressions, int[] outputActivation, int[] outputRegime) {
        boolean[] bias = new boolean[hasBias.size()];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = hasBias.get(i);
        }
        return new FastRegimeScorer(
                inputExpressions.toArray(InputExpression[]::new),
                offsets.stream().mapToInt(Integer::intValue).toArray(),
                from.stream().mapToInt(Integer::intValue).toArray(),
                weights.stream().mapToDouble(Double::doubleValue).toArray(),
                biases.stream().mapToDouble(Double::doubleValue).toArray(),
                bias,
                layerEnd,
                activation,
                softmax,
                outputActivation,
                outputRegime,
                shape.toString());
    }
}
