package io.regimestream.model;

/** Which code scores a {@link RegimeModel}. */
public enum ScoringEngine {
    /**
     * The compiled fast path when it reproduces the model exactly (the neural networks
     * pmml-sparkml writes), JPMML otherwise and for the odd input the fast path hands back.
     */
    AUTO,
    /** Always the JPMML evaluator: the reference, for comparisons and benchmarks. */
    JPMML
}
